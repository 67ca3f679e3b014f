export type StringCheckOperation = 'eq' | 'ne' | 'like' | 'ilike';

/** OpenAI's string_check grader: equal, not equal, contains, contains ignoring case. */
export function stringCheck(input: string, reference: string, operation: StringCheckOperation): boolean {
  switch (operation) {
    case 'eq':
      return input === reference;
    case 'ne':
      return input !== reference;
    case 'like':
      return input.includes(reference);
    case 'ilike':
      return input.toLowerCase().includes(reference.toLowerCase());
  }
}
