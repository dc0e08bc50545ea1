import { useReactFlow } from '@xyflow/react';
import { useEffect } from 'react';
import { copySelection, cutSelection, duplicateSelection, pasteText } from '../actions/clipboard';
import { redo, undo } from '../actions/history';
import { runGraph, stopRun } from '../actions/run';
import { getScoped } from '../loops/lens';
import { isLoopPort } from '../loops/ports';
import { useUi } from '../store/ui';
import { setSelection, useView } from '../store/view';
import { lastPointer } from '../components/Canvas';
import { fitVisible } from '../components/fit-visible';

function editable(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));
}

/** Keys that would otherwise move focus (Tab) act only when the page or the canvas has it. */
function onCanvas(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !el || el === document.body || !!el.closest?.('.canvas');
}

function textSelected(): boolean {
  return (window.getSelection()?.toString().length ?? 0) > 0;
}

/**
 * Keyboard shortcuts (see HelpOverlay) and the clipboard. Copy and paste use the
 * clipboard events, so graph JSON moves between tabs; when the browser sends none
 * (some headless setups), the last copy made in this tab is used.
 */
export function useShortcuts(): void {
  const rf = useReactFlow();
  useEffect(() => {
    let clipboardEvent = false;
    const afterKey = (fallback: () => void) => {
      clipboardEvent = false;
      setTimeout(() => !clipboardEvent && fallback(), 0);
    };
    const onKey = (e: KeyboardEvent) => {
      if (editable(e.target)) return;
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      const ui = useUi.getState();
      let handled = true;
      if (mod && key === 'z') (e.shiftKey ? redo : undo)();
      else if (mod && key === 'y') redo();
      else if (mod && key === 'enter') runGraph();
      else if (e.shiftKey && key === 'enter') {
        const sel = [...useView.getState().selectedNodes];
        if (sel.length) runGraph(sel);
      } else if (mod && key === 'd') duplicateSelection();
      else if (mod && key === 'a') setSelection(getScoped().nodes.flatMap((n) => (isLoopPort(n.id) ? [] : [n.id])));
      else if (mod && key === 'c' && !textSelected()) afterKey(copySelection);
      else if (mod && key === 'x' && !textSelected()) afterKey(cutSelection);
      else if (mod && key === 'v') afterKey(() => pasteText(null));
      else if (mod || e.altKey) handled = false;
      else if (key === 'escape') {
        if (ui.search || ui.help) useUi.setState({ search: null, help: false });
        else stopRun();
      } else if ((key === 'tab' || key === '/') && onCanvas(e.target)) {
        useUi.setState({ search: { screen: { ...lastPointer }, flow: rf.screenToFlowPosition(lastPointer) } });
      } else if (key === 'f') fitVisible(rf, { duration: 300 });
      else if (key === 'r') useUi.setState({ results: !ui.results });
      else if (key === '?') useUi.setState({ help: !ui.help });
      else handled = false;
      // Clipboard keys keep their default so the browser sends copy/cut/paste events.
      if (handled && !(mod && ['c', 'x', 'v'].includes(key))) e.preventDefault();
    };
    const onCopy = (e: ClipboardEvent, cut: boolean) => {
      clipboardEvent = true;
      if (editable(e.target) || textSelected()) return;
      const text = cut ? cutSelection() : copySelection();
      if (text && e.clipboardData) {
        e.clipboardData.setData('text/plain', text);
        e.preventDefault();
      }
    };
    const onPaste = (e: ClipboardEvent) => {
      clipboardEvent = true;
      if (editable(e.target)) return;
      if (pasteText(e.clipboardData?.getData('text/plain'))) e.preventDefault();
    };
    const copy = (e: ClipboardEvent) => onCopy(e, false);
    const cut = (e: ClipboardEvent) => onCopy(e, true);
    document.addEventListener('keydown', onKey);
    document.addEventListener('copy', copy);
    document.addEventListener('cut', cut);
    document.addEventListener('paste', onPaste);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('copy', copy);
      document.removeEventListener('cut', cut);
      document.removeEventListener('paste', onPaste);
    };
  }, [rf]);
}
