import { stringify } from 'yaml';

/** One rendering of the OpenAPI document, shared by the exporter and the contract test. */
export function renderOpenApi(document: object): string {
  return stringify(document, { lineWidth: 0, aliasDuplicateObjects: false });
}
