import { useState } from 'preact/hooks';
import { postJson } from '../api';
import { ErrorNote } from '../components/ui';
import type { SessionInfo } from '../../../src/console/ConsoleApiTypes.ts';

/** Shown when the config lists credentials: the console asks for one of those access keys. */
export function SignIn(props: { onSignedIn: (s: SessionInfo) => void }) {
  const [keyId, setKeyId] = useState('');
  const [secret, setSecret] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  return (
    <form
      class="signin card"
      onSubmit={async (e) => {
        e.preventDefault();
        try {
          props.onSignedIn(await postJson<SessionInfo>('session', { accessKeyId: keyId, secretAccessKey: secret }));
        } catch (err) {
          setError(err instanceof Error ? err.message : String(err));
        }
      }}
    >
      <h1>Sign in to Lakehose</h1>
      <p class="muted">This Lakehose accepts only signed requests. Use one of the access keys listed under auth.credentials in its config.</p>
      <label>
        Access key id
        <input name="accessKeyId" autocomplete="username" value={keyId} onInput={(e) => setKeyId((e.target as HTMLInputElement).value)} />
      </label>
      <label>
        Secret access key
        <input name="secretAccessKey" type="password" autocomplete="current-password" value={secret} onInput={(e) => setSecret((e.target as HTMLInputElement).value)} />
      </label>
      <ErrorNote error={error} />
      <button class="primary" type="submit">
        Sign in
      </button>
    </form>
  );
}
