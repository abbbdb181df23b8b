// The popup UI arrives with its own issue; this placeholder proves the build and the CSP.
export function App() {
  return (
    <main>
      <h1>Latchkey</h1>
      <p>Use the <code>latchkey</code> command while the popup is being built.</p>
    </main>
  );
}
