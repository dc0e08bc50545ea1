import type { Node } from '@xyflow/react';
import type { MouseEvent } from 'react';
import { getGraph } from '../../store/graph';
import { enterLoop, expandBlocker, expandNode } from '../actions';
import { useLoops } from '../store';

interface Item {
  label: string;
  testId: string;
  run: () => void;
  disabled?: string | null;
}

function itemsFor(id: string): Item[] {
  if (useLoops.getState().scope !== null) return [];
  const node = getGraph().nodes.find((n) => n.id === id);
  if (!node) return [];
  if (node.body) return [{ label: 'Open loop body', testId: 'menu-open-loop', run: () => enterLoop(id) }];
  const blocker = expandBlocker(node);
  return blocker === undefined ? [] : [{ label: 'Expand into steps', testId: 'menu-expand', run: () => expandNode(id), disabled: blocker }];
}

/** React Flow's onNodeDoubleClick: a loop node opens its body. */
export function openLoopOnDoubleClick(_e: MouseEvent, node: Node): void {
  enterLoop(node.id);
}

/** React Flow's onNodeContextMenu: a menu when the node has loop actions, else the browser's. */
export function openNodeMenu(e: MouseEvent, node: Node): void {
  if (!itemsFor(node.id).length) return;
  e.preventDefault();
  useLoops.setState({ menu: { node: node.id, x: e.clientX, y: e.clientY } });
}

const close = () => useLoops.setState({ menu: null });

export function NodeMenu() {
  const menu = useLoops((s) => s.menu);
  if (!menu) return null;
  const items = itemsFor(menu.node);
  return (
    <div className="node-menu-backdrop" onPointerDown={close} onContextMenu={(e) => (e.preventDefault(), close())}>
      <ul className="node-menu" data-testid="node-menu" style={{ left: menu.x, top: menu.y }} onPointerDown={(e) => e.stopPropagation()}>
        {items.map((item) => (
          <li key={item.testId}>
            <button
              data-testid={item.testId}
              disabled={!!item.disabled}
              title={item.disabled ?? undefined}
              onClick={() => {
                close();
                item.run();
              }}
            >
              {item.label}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
