import { useMemo } from 'react';
import { listExamples, type Example } from '../../sharing/examples';
import { splitExamples } from './format';
import { GraphThumbnail } from './GraphThumbnail';
import { openExample } from './import';
import { useLibrary } from './store';

function ExampleCard({ example }: { example: Example }) {
  return (
    <li>
      <button className="lib-example" data-testid={`example-${example.id}`} onClick={() => void openExample(example).then((ok) => ok && useLibrary.setState({ panel: false }))} title="Open a private copy">
        <GraphThumbnail text={example.text} />
        <span className="lib-example-name">{example.name}</span>
        <span className="lib-example-desc">{example.description}</span>
        <span className="lib-meta">
          {example.nodeCount} nodes · <span className="lib-example-open">Open a copy →</span>
        </span>
      </button>
    </li>
  );
}

/** Every graph in graphs/ (examples, then the lessons); opening one stores a private copy. */
export function ExamplesTab() {
  const { examples, lessons } = useMemo(() => splitExamples(listExamples()), []);
  return (
    <div className="lib-body" data-testid="examples-gallery">
      <p className="lib-note">Opening an example adds a copy to your graphs: edit it freely, the original stays as it is.</p>
      <h3 className="lib-section">Examples</h3>
      <ul className="lib-examples">
        {examples.map((e) => (
          <ExampleCard key={e.id} example={e} />
        ))}
      </ul>
      {lessons.length > 0 && (
        <>
          <h3 className="lib-section">Lessons</h3>
          <ul className="lib-examples">
            {lessons.map((e) => (
              <ExampleCard key={e.id} example={e} />
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
