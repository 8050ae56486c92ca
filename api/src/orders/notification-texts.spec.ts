import {
  DEFAULT_TEXTS,
  DEFAULT_TEXTS_BY_LANGUAGE,
  formatClockTime,
  MAX_NAME_IN_TEXT,
  renderText,
  safeCustomerText,
  templateProblems,
} from './notification-texts.js';

/** What phones and chat apps turn into a link: a scheme, or a dot between two words (a domain). */
const LINKISH = /[a-z][a-z0-9+.-]*:\/\/|[\p{L}\p{N}][.\u2024\u3002\uff0e\uff61][\p{L}\p{N}]/iu;

const render = (name: string) =>
  renderText(DEFAULT_TEXTS.placed, { restaurant: 'TableTalk Bistro', number: 7, name, total: '£5.00' });

describe('notification texts', () => {
  it('fills the template', () => {
    expect(render('Ada')).toBe(
      'TableTalk Bistro: thanks Ada! Order #7 (£5.00) is in. We will text you as it moves along.',
    );
  });

  it('never carries a line break or control character from the name', () => {
    const text = render('Ada\nCall +44 7700 900000 now\r\u0007\u2028\u202eevil');
    // eslint-disable-next-line no-control-regex -- control characters are exactly what must not reach a text
    expect(text).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e]/);
    expect(text).toContain('thanks Ada Call +44 7700 900000 now');
  });

  it.each([
    ['evil.example/x'],
    ['http://evil.example/x'],
    ['https://evil'],
    ['www.evil.co.uk'],
    ['ada@evil.example'],
    ['evil\uff0eexample'],
    ['evil\u3002example'],
    ['evil..example'],
  ])('never renders %s as a link', (name) => {
    const safe = safeCustomerText(name, MAX_NAME_IN_TEXT);
    expect(safe).not.toMatch(LINKISH);
    expect(render(name).replace('£5.00', '')).not.toMatch(LINKISH);
  });

  it('writes a domain-like name with spaces, so it still reads', () => {
    expect(safeCustomerText('evil.example/x', 40)).toBe('evil example/x');
    expect(safeCustomerText('http://evil.example', 40)).toBe('http evil example');
  });

  it('keeps ordinary names as they are', () => {
    expect(safeCustomerText('J. Smith', 40)).toBe('J. Smith');
    expect(safeCustomerText("  Zoë O'Brien-Łukasz ", 40)).toBe("Zoë O'Brien-Łukasz");
  });

  it(`cuts names to ${MAX_NAME_IN_TEXT} characters with an ellipsis`, () => {
    const safe = safeCustomerText('A'.repeat(200), MAX_NAME_IN_TEXT);
    expect([...safe]).toHaveLength(MAX_NAME_IN_TEXT);
    expect(safe.endsWith('…')).toBe(true);
    // Counted in characters, so a name of emoji is not cut inside one.
    expect([...safeCustomerText('😀'.repeat(60), 10)]).toHaveLength(10);
  });
});

describe('notification templates per language', () => {
  it('ships every event in English and Spanish with valid placeholders', () => {
    expect(templateProblems(DEFAULT_TEXTS_BY_LANGUAGE)).toEqual([]);
  });

  it('names typos, misplaced {readyBy} and missing templates', () => {
    const broken = {
      en: { ...DEFAULT_TEXTS_BY_LANGUAGE.en, ready: 'Order #{numbr} is ready', placed: 'Ready by {readyBy}' },
      es: { ...DEFAULT_TEXTS_BY_LANGUAGE.es, late: '' },
    };
    expect(templateProblems(broken)).toEqual([
      'en/placed: {readyBy} is only known for preparing and late',
      'en/ready: unknown placeholder {numbr}',
      'es/late: no template',
    ]);
  });

  it('states the ready-by time in the restaurant time zone', () => {
    const readyBy = formatClockTime(new Date('2026-07-01T11:45:00Z'), 'Europe/London');
    expect(readyBy).toBe('12:45');
    const text = renderText(DEFAULT_TEXTS_BY_LANGUAGE.es.preparing, {
      restaurant: 'Bistro',
      number: 9,
      name: 'Ana',
      total: '£1.00',
      readyBy,
    });
    expect(text).toBe('Bistro: buenas noticias, estamos preparando tu pedido #9. Estará listo a las 12:45.');
  });
});
