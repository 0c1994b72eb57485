import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { QueryLimits } from '../core/config';

/** Apollo plugins and validation rules refusing abusive documents before they execute. */
export function queryLimitProtection(limits: QueryLimits) {
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth, ignoreIntrospection: true, flattenFragments: true },
    maxAliases: { n: limits.maxAliases },
    maxDirectives: { n: limits.maxDirectives },
    costLimit: { maxCost: limits.maxCost, ignoreIntrospection: true, flattenFragments: true },
    // Apollo's parser counts them (parseOptions.maxTokens); armor's plugin answers 500 when it refuses.
    maxTokens: { enabled: false },
    // Field suggestions stay on: the schema is public and they help API users.
    blockFieldSuggestion: { enabled: false },
  });
  const { plugins, validationRules } = armor.protect();
  return { plugins, validationRules };
}
