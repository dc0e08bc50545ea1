import { memo, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { AnyNodeDef } from '../../engine/node';
import { setParam } from '../actions/set-param';
import { checkParam, type ParamField as Field } from '../graph/param-fields';
import { quote } from '../../engine/zod-messages';
import { markInvalid } from '../store/invalid-fields';

interface Props {
  def: AnyNodeDef;
  nodeId: string;
  field: Field;
  /** The node's saved params (without defaults). */
  params: Record<string, unknown>;
  compact?: boolean;
  testId: string;
}

/** Text of a value in an input. */
function show(field: Field, value: unknown): string {
  if (value === undefined) return '';
  if (field.kind === 'json') return JSON.stringify(value);
  return String(value);
}

/** Parse what was typed; a string message when it cannot be read at all. */
function read(field: Field, text: string): { value: unknown } | { error: string } {
  const t = text.trim();
  if (field.kind === 'number' || field.kind === 'integer') {
    if (t === '') return field.optional ? { value: undefined } : { error: `${field.key} needs a number; the field is empty` };
    const v = Number(t);
    return Number.isFinite(v) ? { value: v } : { error: `${field.key} must be a number; got ${quote(t)}` };
  }
  if (field.kind === 'json') {
    if (t === '' && field.optional) return { value: undefined };
    try {
      return { value: JSON.parse(t) };
    } catch {
      return { error: `${field.key} must be valid JSON; got ${quote(t)}` };
    }
  }
  if (field.kind === 'enum') return { value: field.options!.find((o) => String(o) === text) ?? text };
  return { value: text };
}

/**
 * One param input generated from the schema. Typed values are checked against the
 * node's zod schema; an invalid value is shown with the reason and not applied.
 */
export const ParamField = memo(function ParamField({ def, nodeId, field, params, compact, testId }: Props) {
  const stored = field.key in params ? params[field.key] : field.default;
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setErrorState] = useState<string | null>(null);
  // An invalid value blocks Run (store/invalid-fields.ts) until it is fixed or dropped (Escape).
  const mine = useRef(false);
  const setError = (message: string | null) => {
    setErrorState(message);
    mine.current = message !== null;
    markInvalid(nodeId, field.key, message);
  };
  useEffect(
    () => () => {
      if (mine.current) markInvalid(nodeId, field.key, null);
    },
    [nodeId, field.key],
  );

  const commit = (text: string) => {
    const parsed = read(field, text);
    if ('error' in parsed) return setError(parsed.error);
    const problems = checkParam(def, params, field.key, parsed.value);
    if (problems.length) return setError(problems.join('; '));
    setError(null);
    setDraft(null);
    setParam(nodeId, field.key, parsed.value);
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement | HTMLTextAreaElement>) => {
    e.stopPropagation();
    if (e.key === 'Enter' && (field.kind !== 'markdown' || e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      commit(e.currentTarget.value);
    } else if (e.key === 'Escape') {
      setDraft(null);
      setError(null);
    }
  };

  const title = [field.description, range(field)].filter(Boolean).join(' · ');
  const cls = `param-input nodrag nowheel${error ? ' invalid' : ''}`;
  let input;
  if (field.kind === 'enum') {
    input = (
      <select className={cls} data-testid={testId} value={String(stored)} onChange={(e) => commit(e.target.value)}>
        {field.options!.map((o) => (
          <option key={String(o)} value={String(o)}>
            {String(o)}
          </option>
        ))}
      </select>
    );
  } else if (field.kind === 'boolean') {
    input = <input type="checkbox" className={cls} data-testid={testId} checked={stored === true} onChange={(e) => setParam(nodeId, field.key, e.target.checked)} />;
  } else if (field.kind === 'markdown' || field.kind === 'json') {
    input = (
      <textarea
        className={cls}
        data-testid={testId}
        rows={field.kind === 'markdown' ? 10 : 3}
        spellCheck={field.kind === 'markdown'}
        value={draft ?? show(field, stored)}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={(e) => draft !== null && commit(e.target.value)}
        onKeyDown={onKey}
      />
    );
  } else {
    const numeric = field.kind === 'number' || field.kind === 'integer';
    input = (
      <input
        className={cls}
        data-testid={testId}
        type="text"
        inputMode={numeric ? 'decimal' : 'text'}
        placeholder={field.optional ? 'auto' : undefined}
        value={draft ?? show(field, stored)}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={(e) => draft !== null && commit(e.target.value)}
        onKeyDown={onKey}
      />
    );
  }
  return (
    <label className={`param${compact ? ' compact' : ''} param-${field.kind}`} title={title}>
      <span className="param-name">{field.key}</span>
      {input}
      {error && (
        <span className="param-error" data-testid={`${testId}-error`}>
          {error}
        </span>
      )}
      {!compact && field.description && <span className="param-help">{field.description}</span>}
    </label>
  );
});

function range(f: Field): string {
  if (f.minimum === undefined && f.maximum === undefined) return '';
  return `${f.minimum ?? '−∞'} … ${f.maximum ?? '∞'}`;
}
