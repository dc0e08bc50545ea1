import '@xyflow/react/dist/style.css';
import './styles/theme.css';
import './styles/node.css';
import './styles/ports.css';
import './styles/note.css';
import './styles/toolbar.css';
import './styles/sidebars.css';
import './styles/overlays.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './components/App';

/** Render the editor into `root` (src/main.tsx loads this module once the worker is starting). */
export function mountEditor(root: HTMLElement): void {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
