import { isDuplicateKeyError } from './duplicate-key.js';

describe('isDuplicateKeyError', () => {
  it('knows MongoDB and FerretDB insert duplicates (11000)', () => {
    expect(isDuplicateKeyError({ code: 11000, message: 'E11000 duplicate key error' })).toBe(true);
  });

  it('knows FerretDB-on-SQLite update duplicates (InternalError with the SQLite message)', () => {
    const error = {
      code: 1,
      codeName: 'InternalError',
      message:
        "[msg_findandmodify.go:196 …] constraint failed: UNIQUE constraint failed: index 'menu_99e4dd3a_name_1' (2067)",
    };
    expect(isDuplicateKeyError(error)).toBe(true);
  });

  it('leaves other internal errors alone', () => {
    expect(isDuplicateKeyError({ code: 1, message: 'disk I/O error' })).toBe(false);
    expect(isDuplicateKeyError(null)).toBe(false);
  });
});
