import { ApolloClient, ApolloLink, InMemoryCache } from '@apollo/client';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { getMainDefinition } from '@apollo/client/utilities';
import UploadHttpLink from 'apollo-upload-client/UploadHttpLink.mjs';
import { createClient } from 'graphql-ws';
import { Kind, OperationTypeNode } from 'graphql';
import { setLiveStatus } from './live-status';
import { fetchWithUploadProgress } from './upload-progress-fetch';

export function createCache() {
  return new InMemoryCache({
    typePolicies: {
      // Settings objects without ids belong to their user: replace them wholesale.
      User: { fields: { notificationPreferences: { merge: false } } },
      Query: {
        fields: {
          // A job already in the cache (from a submit, a list or a live event) is read from it at once.
          job: { read: (existing, { args, toReference }) => existing ?? (args?.id ? toReference({ __typename: 'Job', id: args.id as string }) : undefined) },
        },
      },
    },
  });
}

/** ws:// or wss:// of the page's own host: the session cookie goes along with the upgrade request. */
export function webSocketUrl(path: string, location: Pick<Location, 'protocol' | 'host'> = window.location): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}${path}`;
}

/** Subscriptions over graphql-ws; the socket opens with the first subscription and reconnects after a drop. */
function createWsLink(url: string) {
  const client = createClient({
    url,
    lazy: true,
    retryAttempts: Number.POSITIVE_INFINITY,
    // Back off up to 30 s between attempts: a server without the socket is not hammered.
    retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, Math.min(30_000, 1000 * 2 ** retries) + Math.random() * 500)),
    shouldRetry: () => true,
    on: {
      connected: () => setLiveStatus('connected'),
      closed: () => setLiveStatus('down'),
      error: () => setLiveStatus('down'),
    },
  });
  return new GraphQLWsLink(client);
}

const isSubscription = ({ query }: ApolloLink.Operation) => {
  const definition = getMainDefinition(query);
  return definition.kind === Kind.OPERATION_DEFINITION && definition.operation === OperationTypeNode.SUBSCRIPTION;
};

/**
 * One client for the whole app. Same origin as the API, so the HttpOnly session cookie rides along.
 * Subscriptions go over the WebSocket; everything else over HTTP, where the upload link sends
 * multipart requests for File variables (Apollo Server's CSRF protection refuses multipart requests
 * without the `apollo-require-preflight` header).
 */
export function createApolloClient(uri = '/graphql', wsUrl = typeof window === 'undefined' ? null : webSocketUrl(uri)) {
  const httpLink = new UploadHttpLink({
    uri,
    credentials: 'same-origin',
    headers: { 'apollo-require-preflight': 'true' },
    fetch: fetchWithUploadProgress,
  });
  const link = typeof WebSocket === 'undefined' || !wsUrl ? httpLink : ApolloLink.split(isSubscription, createWsLink(wsUrl), httpLink);
  return new ApolloClient({
    link,
    cache: createCache(),
    defaultOptions: { watchQuery: { fetchPolicy: 'cache-and-network' } },
  });
}
