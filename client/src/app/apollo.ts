import { ApolloClient, InMemoryCache } from '@apollo/client';
import UploadHttpLink from 'apollo-upload-client/UploadHttpLink.mjs';
import { fetchWithUploadProgress } from './upload-progress-fetch';

export function createCache() {
  return new InMemoryCache({
    typePolicies: {
      // Settings objects without ids belong to their user: replace them wholesale.
      User: { fields: { notificationPreferences: { merge: false } } },
    },
  });
}

/**
 * One client for the whole app. Same origin as the API, so the HttpOnly session cookie rides along.
 * The upload link sends multipart requests for File variables; Apollo Server's CSRF protection
 * refuses multipart requests without the `apollo-require-preflight` header.
 */
export function createApolloClient(uri = '/graphql') {
  return new ApolloClient({
    link: new UploadHttpLink({
      uri,
      credentials: 'same-origin',
      headers: { 'apollo-require-preflight': 'true' },
      fetch: fetchWithUploadProgress,
    }),
    cache: createCache(),
    defaultOptions: { watchQuery: { fetchPolicy: 'cache-and-network' } },
  });
}
