import { classifyKeyword } from './keywords.js';

describe('classifyKeyword', () => {
  it.each([
    ['STOP', 'opt-out'],
    ['  stop  ', 'opt-out'],
    ['Stop All', 'opt-out'],
    ['unsubscribe!', 'opt-out'],
    ['cancel', 'opt-out'],
    ['End.', 'opt-out'],
    ['QUIT', 'opt-out'],
    ['start', 'opt-in'],
    ['UnStop', 'opt-in'],
    ['yes', 'opt-in'],
    ['help', 'help'],
    ['INFO?', 'help'],
    ['status', 'status'],
    ['cancel order', 'cancel-order'],
    ['CANCEL  ORDER', 'cancel-order'],
  ])('%j is %s', (text, keyword) => {
    expect(classifyKeyword(text)?.keyword).toBe(keyword);
  });

  it('never takes "CANCEL ORDER" for the opt-out CANCEL, nor a sentence for a keyword', () => {
    expect(classifyKeyword('CANCEL ORDER')?.keyword).not.toBe('opt-out');
    expect(classifyKeyword('stop the music')).toBeUndefined();
    expect(classifyKeyword('yes please, extra cheese')).toBeUndefined();
    expect(classifyKeyword('toString')).toBeUndefined();
    expect(classifyKeyword('')).toBeUndefined();
  });
});
