import type { ApolloServerPlugin } from '@apollo/server';
import {
  DocumentNode,
  GraphQLInputType,
  GraphQLSchema,
  Kind,
  TypeInfo,
  ValueNode,
  getNamedType,
  isInputObjectType,
  isListType,
  isNonNullType,
  visit,
  visitWithTypeInfo,
} from 'graphql';
import { AppError, ErrorCode } from '../core/errors';

/** NUL, a high surrogate not followed by a low one, or a low one not preceded by a high one. */
const BAD_TEXT = /\0|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * The rule for every text a client sends (String and ID arguments and input fields, nested
 * ones included): no NUL character (PostgreSQL cannot store it in text) and no unpaired UTF-16
 * surrogate (it is no character at all and cannot be encoded as UTF-8).
 */
export function isCleanText(value: string): boolean {
  return !BAD_TEXT.test(value);
}

const TEXT_TYPES = new Set(['String', 'ID']);

/**
 * Where a value sits, as errors name it: inside an input-object argument the path of fields
 * (`firstName`, `options.prompt`), as class-validator names them; otherwise the argument's name
 * (with list positions: `labels.2`).
 */
export function pathStart(argument: string, type: GraphQLInputType): string[] {
  return isInputObjectType(isNonNullType(type) ? type.ofType : type) ? [] : [argument];
}

/** A place in a document where a variable's value is read as `type` (at `path`: argument, fields…). */
interface VariableSite {
  variable: string;
  type: GraphQLInputType;
  path: string[];
}

/** What checking one document needs, worked out once per parsed document. */
interface DocumentPlan {
  /** A literal in the document itself that breaks the rule (the same for every request). */
  badLiteral: string | null;
  variables: VariableSite[];
}

function carriesText(type: GraphQLInputType, seen = new Set<GraphQLInputType>()): boolean {
  const named = getNamedType(type);
  if (TEXT_TYPES.has(named.name)) return true;
  if (!isInputObjectType(named) || seen.has(named)) return false;
  seen.add(named);
  return Object.values(named.getFields()).some((field) => carriesText(field.type, seen));
}

function planDocument(schema: GraphQLSchema, document: DocumentNode): DocumentPlan {
  const plan: DocumentPlan = { badLiteral: null, variables: [] };
  const defaults = new Map<string, ValueNode>();

  const walkLiteral = (node: ValueNode, type: GraphQLInputType, path: string[]): void => {
    const inner = isNonNullType(type) ? type.ofType : type;
    if (node.kind === Kind.VARIABLE) {
      if (!carriesText(inner)) return;
      plan.variables.push({ variable: node.name.value, type: inner, path });
      const fallback = defaults.get(node.name.value);
      if (fallback) walkLiteral(fallback, inner, path);
    } else if (isListType(inner)) {
      const items = node.kind === Kind.LIST ? node.values : [node];
      items.forEach((item, index) => walkLiteral(item, inner.ofType, [...path, String(index)]));
    } else if (isInputObjectType(inner) && node.kind === Kind.OBJECT) {
      const fields = inner.getFields();
      for (const field of node.fields) {
        const definition = fields[field.name.value];
        if (definition) walkLiteral(field.value, definition.type, [...path, field.name.value]);
      }
    } else if (node.kind === Kind.STRING && TEXT_TYPES.has(inner.name) && !isCleanText(node.value)) {
      plan.badLiteral ??= path.join('.');
    }
  };

  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      OperationDefinition(operation) {
        defaults.clear();
        for (const definition of operation.variableDefinitions ?? []) {
          if (definition.defaultValue) defaults.set(definition.variable.name.value, definition.defaultValue);
        }
      },
      Argument(node) {
        const argument = typeInfo.getArgument();
        if (argument) walkLiteral(node.value, argument.type, pathStart(node.name.value, argument.type));
        return false;
      },
    }),
  );
  return plan;
}

/** The field name of the first text in `value` (read as `type`) that breaks the rule, or null. */
function findBadText(value: unknown, type: GraphQLInputType, path: string[]): string | null {
  if (value === null || value === undefined) return null;
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) {
    const items = Array.isArray(value) ? value : [value];
    for (let i = 0; i < items.length; i++) {
      const found = findBadText(items[i], inner.ofType, [...path, String(i)]);
      if (found) return found;
    }
    return null;
  }
  if (isInputObjectType(inner)) {
    if (typeof value !== 'object') return null;
    const fields = inner.getFields();
    for (const [name, fieldValue] of Object.entries(value)) {
      const definition = fields[name];
      const found = definition ? findBadText(fieldValue, definition.type, [...path, name]) : null;
      if (found) return found;
    }
    return null;
  }
  return typeof value === 'string' && TEXT_TYPES.has(inner.name) && !isCleanText(value) ? path.join('.') : null;
}

const refuse = (field: string) =>
  new AppError(ErrorCode.BAD_USER_INPUT, `${field} must not contain NUL characters or unpaired surrogates`, { field, http: { status: 400 } });

/**
 * Applies `isCleanText` to every String and ID input before any resolver runs (after
 * validation, before variables are coerced), answering BAD_USER_INPUT naming the field. Upload,
 * dates and other scalars are not text and are left alone.
 */
export function textInputPlugin(): ApolloServerPlugin {
  const plans = new WeakMap<DocumentNode, DocumentPlan>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, schema, request }) {
          let plan = plans.get(document);
          if (!plan) plans.set(document, (plan = planDocument(schema, document)));
          if (plan.badLiteral) throw refuse(plan.badLiteral);
          const variables = request.variables ?? {};
          for (const site of plan.variables) {
            const found = findBadText(variables[site.variable], site.type, site.path);
            if (found) throw refuse(found);
          }
        },
      };
    },
  };
}
