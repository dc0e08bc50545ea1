import { Component, type ComponentType, type ErrorInfo, type ReactNode } from 'react';
import './error-boundary.css';
import { emptyGraph } from '../library/session';
import { showLibrary, useLibrary } from '../library/store';
import { exportCurrent } from '../library/export';
import { openGraph } from '../actions/open-graph';

/**
 * A render failure shows what failed and a way out — never a blank page (issue 17,
 * finding 1: a graph whose node id was `constructor` emptied the app's root, and every
 * reload reopened it). Around the canvas, each panel and each node.
 */
interface Props {
  /** What is inside, for the message ("the canvas", "the results panel", "this node"). */
  area: string;
  children: ReactNode;
  /** A node's boundary is small: one line and a retry. */
  compact?: boolean;
}

interface State {
  error: Error | null;
}

/** Leave the graph that cannot be shown: it stays in the library (export or delete it there); an empty graph opens. */
function leaveGraph(): void {
  useLibrary.setState({ openId: null });
  openGraph(emptyGraph());
  showLibrary('graphs');
}

export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`render failed in ${this.props.area}:`, error, info.componentStack);
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    const retry = () => this.setState({ error: null });
    if (this.props.compact) {
      return (
        <div className="render-error compact" role="alert" data-testid="render-error">
          <span>{this.props.area} could not be shown: {error.message}</span>
          <button onClick={retry}>Retry</button>
        </div>
      );
    }
    return (
      <div className="render-error" role="alert" data-testid="render-error">
        <p>
          <strong>{this.props.area} could not be shown.</strong> {error.message}
        </p>
        <p>The graph is kept as it is. Export it, open another one from the library, or start an empty graph.</p>
        <div className="render-error-actions">
          <button onClick={() => void exportCurrent(false)}>Export this graph</button>
          <button onClick={() => showLibrary('graphs')}>Open the library</button>
          <button
            onClick={() => {
              leaveGraph();
              retry();
            }}
          >
            Start an empty graph
          </button>
          <button onClick={retry}>Try again</button>
        </div>
      </div>
    );
  }
}

/** A node component inside its own boundary (React Flow's nodeTypes). */
export function withNodeBoundary<P extends object>(Inner: ComponentType<P>): ComponentType<P> {
  const Wrapped = (props: P) => (
    <ErrorBoundary area="This node" compact>
      <Inner {...props} />
    </ErrorBoundary>
  );
  Wrapped.displayName = `WithBoundary(${Inner.displayName ?? Inner.name})`;
  return Wrapped;
}
