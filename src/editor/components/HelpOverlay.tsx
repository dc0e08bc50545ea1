import { useUi } from '../store/ui';

export const SHORTCUTS: [string, string][] = [
  ['Ctrl+Enter', 'run the whole graph'],
  ['Shift+Enter', 'run up to the selected node'],
  ['Esc', 'stop the run · close a box'],
  ['Double-click canvas, Tab or /', 'search and add a node at the pointer'],
  ['Drag an edge to empty canvas', 'add a node that fits the port'],
  ['Ctrl+Z · Ctrl+Shift+Z / Ctrl+Y', 'undo · redo'],
  ['Ctrl+C · Ctrl+X · Ctrl+V', 'copy · cut · paste (graph JSON, also between tabs)'],
  ['Ctrl+D', 'duplicate the selection'],
  ['Ctrl+A', 'select all'],
  ['Delete / Backspace', 'delete the selection'],
  ['Shift+drag', 'box select'],
  ['Ctrl+click', 'add to the selection'],
  ['F', 'fit the graph in view'],
  ['R', 'show or hide the results'],
  ['?', 'this help'],
];

export function HelpOverlay() {
  const open = useUi((s) => s.help);
  if (!open) return null;
  const close = () => useUi.setState({ help: false });
  return (
    <div className="overlay" data-testid="help-overlay" onClick={close}>
      <div className="overlay-card" onClick={(e) => e.stopPropagation()}>
        <header>
          <h2>Keyboard shortcuts</h2>
          <button className="icon" onClick={close}>
            ×
          </button>
        </header>
        <table>
          <tbody>
            {SHORTCUTS.map(([keys, what]) => (
              <tr key={keys}>
                <td>
                  <kbd>{keys}</kbd>
                </td>
                <td>{what}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
