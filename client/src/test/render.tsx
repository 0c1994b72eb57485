import { ApolloLink } from '@apollo/client';
import { MockLink, MockSubscriptionLink } from '@apollo/client/testing';
import { MockedProvider } from '@apollo/client/testing/react';
import { getMainDefinition } from '@apollo/client/utilities';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { createCache } from '../app/apollo';
import { AppLayout } from '../app/AppLayout';
import { ViewerQuery } from '../features/auth/operations';
import type { ViewerFieldsFragment } from '../gql/graphql';

export type Mock = MockLink.MockedResponse<any, any>;

/**
 * A socket the test drives: subscriptions go to it (push events with `simulateResult`), every other
 * operation to the mocks.
 */
export function liveSocket() {
  return new MockSubscriptionLink();
}

/**
 * Renders a page the way the app does: a real normalized cache, mocked network, a router. Subscriptions
 * go to `socket` (a silent one unless given), everything else to the mocks.
 */
export function renderWithApollo(ui: ReactElement, { mocks = [], route = '/', socket = liveSocket() }: { mocks?: Mock[]; route?: string; socket?: MockSubscriptionLink } = {}) {
  const cache = createCache();
  const link = ApolloLink.split(
    ({ query }) => {
      const definition = getMainDefinition(query);
      return definition.kind === 'OperationDefinition' && definition.operation === 'subscription';
    },
    socket,
    new MockLink(mocks),
  );
  const utils = render(
    <MockedProvider mocks={mocks} cache={cache} link={link}>
      <MemoryRouter initialEntries={[route]}>{ui}</MemoryRouter>
    </MockedProvider>,
  );
  return { ...utils, cache };
}

/** Renders a page inside the real layout (header with the balance) at `path`. */
export function renderInLayout(page: ReactElement, { mocks = [], path = '/page', route, socket }: { mocks?: Mock[]; path?: string; route?: string; socket?: MockSubscriptionLink } = {}) {
  return renderWithApollo(
    <Routes>
      <Route element={<AppLayout />}>
        <Route path={path} element={page} />
        <Route path="*" element={<p>elsewhere</p>} />
      </Route>
    </Routes>,
    { mocks, route: route ?? path, socket },
  );
}

export function testViewer(overrides: Partial<ViewerFieldsFragment> = {}): ViewerFieldsFragment {
  return {
    __typename: 'User',
    id: 'user-1',
    email: 'ada@example.test',
    firstName: 'Ada',
    lastName: 'Lovelace',
    company: null,
    credits: 50,
    role: 'USER',
    plan: 'FREE',
    processingRestricted: false,
    disabled: false,
    createdAt: '2026-01-01T00:00:00.000Z',
    notificationPreferences: { __typename: 'NotificationPreferences', email: true, marketing: false, securityAlerts: true, usageAlerts: true },
    ...overrides,
  };
}

/** The signed-in viewer, answered as often as asked. */
export function viewerMock(viewer: ViewerFieldsFragment | null = testViewer()): Mock {
  return { request: { query: ViewerQuery }, result: { data: { __typename: 'Query', me: viewer } }, maxUsageCount: Number.POSITIVE_INFINITY };
}

/** One page of a keyset-paged list as the API answers it: the last one unless `pageInfo` says there is more. */
export function testPage<Node>(typename: string, nodes: Node[], { endCursor = null, hasNextPage = false }: { endCursor?: string | null; hasNextPage?: boolean } = {}) {
  return { __typename: typename, nodes, pageInfo: { __typename: 'PageInfo' as const, endCursor, hasNextPage } };
}

/** A GraphQL error answer as the API formats it. */
export function graphQLError(code: string, message: string, extensions: Record<string, unknown> = {}) {
  return { errors: [{ message, extensions: { code, ...extensions } }] };
}
