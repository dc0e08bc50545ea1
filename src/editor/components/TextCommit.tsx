import { useState } from 'react';

interface Props {
  value: string;
  placeholder?: string;
  className?: string;
  testId?: string;
  onCommit(text: string): void;
}

/** A one-line text input that applies its text on Enter or blur, and reverts on Escape. */
export function TextCommit({ value, placeholder, className, testId, onCommit }: Props) {
  const [draft, setDraft] = useState<string | null>(null);
  const commit = () => {
    if (draft !== null && draft !== value) onCommit(draft);
    setDraft(null);
  };
  return (
    <input
      className={className}
      data-testid={testId}
      value={draft ?? value}
      placeholder={placeholder}
      spellCheck={false}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        e.stopPropagation();
        if (e.key === 'Enter') e.currentTarget.blur();
        else if (e.key === 'Escape') setDraft(null);
      }}
    />
  );
}
