import { graphHistory } from '../store/graph';

export function undo(): void {
  graphHistory.getState().undo();
}

export function redo(): void {
  graphHistory.getState().redo();
}
