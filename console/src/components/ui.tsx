import type { ComponentChildren } from 'preact';

export function Page(props: { title: string; actions?: ComponentChildren; children: ComponentChildren }) {
  return (
    <section class="page">
      <header class="page-head">
        <h1>{props.title}</h1>
        {props.actions ? <div class="page-actions">{props.actions}</div> : null}
      </header>
      {props.children}
    </section>
  );
}

export function ErrorNote(props: { error: string | undefined }) {
  return props.error ? (
    <p class="error" role="alert">
      {props.error}
    </p>
  ) : null;
}

export function Loading(props: { what?: string }) {
  return <p class="muted">Loading{props.what ? ` ${props.what}` : ''}…</p>;
}

export function Empty(props: { children: ComponentChildren }) {
  return <p class="muted empty">{props.children}</p>;
}

const STATE_CLASS: Record<string, string> = {
  ALARM: 'bad',
  OK: 'good',
  INSUFFICIENT_DATA: 'unknown',
  ACTIVE: 'good',
  CREATING: 'unknown',
  UPDATING: 'unknown',
  DELETING: 'bad',
  SUCCEEDED: 'good',
  FAILED: 'bad',
  CANCELLED: 'unknown',
  RUNNING: 'busy',
  QUEUED: 'busy',
};

export function Badge(props: { state: string; testId?: string }) {
  return (
    <span class={`badge ${STATE_CLASS[props.state] ?? 'unknown'}`} data-testid={props.testId} data-state={props.state}>
      {props.state.replace('_', ' ')}
    </span>
  );
}

export function Stat(props: { label: string; value: string; testId?: string; tone?: 'bad' | 'good' }) {
  return (
    <div class={`stat ${props.tone ?? ''}`}>
      <div class="stat-value" data-testid={props.testId}>
        {props.value}
      </div>
      <div class="stat-label">{props.label}</div>
    </div>
  );
}
