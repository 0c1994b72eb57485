import type { ApolloCache } from '@apollo/client';
import { useApolloClient, useMutation, useQuery } from '@apollo/client/react';
import { useCallback } from 'react';
import { useNavigate } from 'react-router';
import type { ViewerFieldsFragment } from '../../gql/graphql';
import { LogoutMutation, ViewerQuery } from './operations';

export type Viewer = ViewerFieldsFragment;

/** The signed-in user (null when signed out); every page reads the balance from this one cache entry. */
export function useViewer() {
  const { data, loading, error, refetch } = useQuery(ViewerQuery, { fetchPolicy: 'cache-first' });
  return { viewer: data?.me ?? null, loading: loading && !data, error, refetch };
}

/** Makes a freshly signed-in user the viewer without another round trip. */
export function rememberViewer(cache: ApolloCache, user: Viewer | null) {
  cache.writeQuery({ query: ViewerQuery, data: { __typename: 'Query', me: user } });
}

/**
 * Sets a user's balance in the normalized cache: the header and every page showing credits update
 * at once (used where a mutation answers with a bare balance instead of the User).
 */
export function writeBalance(cache: ApolloCache, userId: string, credits: number) {
  for (const __typename of ['User', 'AdminUser']) {
    cache.modify({ id: cache.identify({ __typename, id: userId }), fields: { credits: () => credits } });
  }
}

/** Ends the session, forgets every cached answer of the previous user and goes to the login page. */
export function useLogout() {
  const client = useApolloClient();
  const navigate = useNavigate();
  const [logout, state] = useMutation(LogoutMutation);
  const run = useCallback(
    async (message?: string) => {
      try {
        await logout();
      } finally {
        // Leave the signed-in pages first so their queries stop, then drop every cached answer of this
        // user; resetStore refetches what is still watched (the viewer, now null).
        navigate('/login', { replace: true, state: message ? { message } : undefined });
        rememberViewer(client.cache, null);
        await client.resetStore().catch(() => undefined);
      }
    },
    [client, logout, navigate],
  );
  return [run, state] as const;
}
