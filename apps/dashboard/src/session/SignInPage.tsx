import { useState } from 'react';
import { ErrorMessage, Notice } from '../components/feedback';
import { TextField } from '../components/fields';
import { isEmail, useSubmit } from '../components/form-state';
import { useSessionContext } from './session';
import { signInWithPassword } from './sign-in';

export function SignInPage() {
  const { signIn } = useSessionContext();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [step, setStep] = useState<string | null>(null);
  const form = useSubmit(
    () => ({
      ...(isEmail(email.trim()) ? {} : { email: 'Enter the email address you were given, like ana@example.com' }),
      ...(password ? {} : { password: 'Enter your password' }),
    }),
    () => signInWithPassword(email.trim(), password, setStep),
    signIn,
  );
  return (
    <main className="sign-in" id="main">
      <h1>Sign in to llmchain</h1>
      <p className="muted">Platform admins manage tenants, plans and invoices; a tenant’s data team manages its data, training and models.</p>
      <form onSubmit={form.onSubmit} noValidate>
        <TextField label="Email" type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} error={form.problem('email')} />
        <TextField
          label="Password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={form.problem('password')}
        />
        <ErrorMessage error={form.formError()} />
        {form.busy && step && <Notice>{step}</Notice>}
        <button type="submit" className="primary" disabled={form.busy}>
          {form.busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
