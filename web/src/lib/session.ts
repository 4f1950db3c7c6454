// The signed-in user, shared through context. `undefined` while the app asks /me.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { User } from '../api/types';

export interface Session {
  user: User;
  signOut: () => void;
  /** Asks the server who is signed in again (after a change to the account, e.g. two-factor enrolment). */
  refreshUser?: () => void;
}

export const SessionContext = createContext<Session | null>(null);

/** The session of a signed-in page (pages are only rendered when there is one). */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in page');
  return session;
}
