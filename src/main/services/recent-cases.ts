import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import type { RecentCase } from '../../shared/ipc/contract'

const MAX_RECENT = 10

interface Stored {
  path: string
  openedAt: number
}

/** The Open Recent list, kept as a small JSON file in the app's data folder. */
export class RecentCases {
  private readonly file: string
  private items: Stored[]

  constructor(dataDir: string) {
    this.file = join(dataDir, 'recent-cases.json')
    this.items = this.load()
  }

  private load(): Stored[] {
    try {
      const parsed = JSON.parse(readFileSync(this.file, 'utf8')) as unknown
      if (!Array.isArray(parsed)) return []
      return parsed
        .filter(
          (x): x is Stored =>
            typeof x === 'object' &&
            x !== null &&
            typeof (x as Stored).path === 'string' &&
            typeof (x as Stored).openedAt === 'number'
        )
        .slice(0, MAX_RECENT)
    } catch {
      return []
    }
  }

  private save(): void {
    try {
      mkdirSync(dirname(this.file), { recursive: true })
      const tmp = `${this.file}.tmp`
      writeFileSync(tmp, JSON.stringify(this.items, null, 2))
      renameSync(tmp, this.file)
    } catch {
      // The list is a convenience; failing to write it must not fail opening a case.
    }
  }

  touch(path: string): void {
    this.items = [{ path, openedAt: Date.now() }, ...this.items.filter((i) => i.path !== path)].slice(
      0,
      MAX_RECENT
    )
    this.save()
  }

  has(path: string): boolean {
    return this.items.some((i) => i.path === path)
  }

  list(): RecentCase[] {
    return this.items.map((i) => ({
      path: i.path,
      name: basename(i.path),
      openedAt: i.openedAt,
      exists: existsSync(i.path)
    }))
  }
}
