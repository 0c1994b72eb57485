import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestContext } from '../core/context';
import type { Logger } from '../core/logger';
import { isExpectedError } from './format-error';

/**
 * Ties errors to requests: every error sent carries `extensions.requestId` (also the
 * X-Request-Id response header), and unexpected ones are logged with it, so a user's report
 * leads straight to the log line.
 */
export function requestIdPlugin(logger: Logger): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, operationName }) {
          for (const error of errors) {
            if (isExpectedError(error)) continue;
            logger.error(
              // The request id comes from the logger's request scope, like every line of the request.
              { err: error.originalError ?? error, operationName, path: error.path },
              'unexpected error in GraphQL request',
            );
          }
        },
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single' || !response.body.singleResult.errors) return;
          const requestId = contextValue.requestId;
          response.body.singleResult.errors = response.body.singleResult.errors.map((error) => ({
            ...error,
            extensions: { ...error.extensions, requestId },
          }));
        },
      };
    },
  };
}
