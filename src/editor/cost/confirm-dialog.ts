import './cost.css';
import type { NodeEstimate } from '../../engine/estimate';

/**
 * Before a run with nodes past the soft bound of their work estimate: a modal dialog
 * naming each node, its estimate and the bound, with Run anyway / Cancel. Resolves true
 * only for Run anyway; Cancel, Escape and a click outside resolve false. Accessible:
 * role=dialog with aria-modal, labelled and described; focus starts on Cancel (the safe
 * choice), Tab stays inside, and focus returns where it was. Built from text nodes only:
 * node ids come from files.
 */
export function confirmLargeRun(nodes: readonly NodeEstimate[]): Promise<boolean> {
  const previous = document.activeElement as HTMLElement | null;
  const el = <K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...children: (Node | string)[]) => {
    const e = Object.assign(document.createElement(tag), props);
    e.append(...children);
    return e;
  };
  const list = el(
    'ul',
    {},
    ...nodes.map((n) => el('li', {}, el('b', {}, n.node), ` (${n.type}): ${n.short}`, el('div', { className: 'muted small' }, n.why ?? ''))),
  );
  const cancel = el('button', { type: 'button', textContent: 'Cancel' });
  const run = el('button', { type: 'button', className: 'primary', textContent: 'Run anyway' });
  cancel.dataset.testid = 'cost-cancel';
  run.dataset.testid = 'cost-run';
  const card = el(
    'div',
    { className: 'overlay-card cost-dialog' },
    el('header', {}, el('h2', { id: 'cost-title' }, 'This run would take a while')),
    el('p', { id: 'cost-text' }, `${nodes.length === 1 ? 'One node is' : `${nodes.length} nodes are`} past the confirmation bound of the work and memory estimate:`),
    list,
    el('p', { className: 'muted small' }, 'Estimated before the run from params and input sizes; Stop ends a run at any time.'),
    el('div', { className: 'cost-actions' }, cancel, run),
  );
  card.setAttribute('role', 'dialog');
  card.setAttribute('aria-modal', 'true');
  card.setAttribute('aria-labelledby', 'cost-title');
  card.setAttribute('aria-describedby', 'cost-text');
  card.dataset.testid = 'cost-dialog';
  const overlay = el('div', { className: 'overlay' }, card);
  document.body.append(overlay);
  cancel.focus();

  return new Promise<boolean>((resolve) => {
    const close = (answer: boolean) => {
      overlay.remove();
      document.removeEventListener('keydown', onKey, true);
      previous?.focus?.();
      resolve(answer);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        close(false);
      } else if (e.key === 'Tab') {
        // Two buttons: Tab and Shift+Tab move between them and never leave the dialog.
        e.preventDefault();
        (document.activeElement === cancel ? run : cancel).focus();
      }
    };
    // Capturing: the editor's shortcuts (Delete, Ctrl+Enter…) do not see keys meant for the dialog.
    document.addEventListener('keydown', onKey, true);
    cancel.addEventListener('click', () => close(false));
    run.addEventListener('click', () => close(true));
    overlay.addEventListener('click', (e) => e.target === overlay && close(false));
  });
}
