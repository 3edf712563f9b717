export function App(): React.JSX.Element {
  return (
    <main data-app-state="ready">
      <h1>Authtrail</h1>
      <p>Open a case or import Entra ID exports to begin.</p>
    </main>
  )
}
