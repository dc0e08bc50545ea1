import '@xyflow/react/dist/style.css';
import 'katex/dist/katex.min.css';
import './editor/styles/theme.css';
import './editor/styles/node.css';
import './editor/styles/ports.css';
import './editor/styles/note.css';
import './editor/styles/toolbar.css';
import './editor/styles/sidebars.css';
import './editor/styles/overlays.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './editor/components/App';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
