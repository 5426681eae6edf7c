import { describe, expect, it } from 'vitest';
import { measureSms } from './sms-length.js';

describe('measureSms', () => {
  it('counts a plain text in GSM-7, one septet per character', () => {
    expect(measureSms("Hi Mohit, here's 10% off on your next order!")).toEqual({ encoding: 'gsm7', units: 44, segments: 1, perSegment: 160 });
    expect(measureSms('@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ¤¡ÄÖÑÜ§¿äöñüà')).toMatchObject({ encoding: 'gsm7', units: 42 });
  });

  it('counts extension characters (€ [ ] { } ~ ^ | \\) as two septets', () => {
    expect(measureSms('€5')).toEqual({ encoding: 'gsm7', units: 3, segments: 1, perSegment: 160 });
    expect(measureSms('[]{}~^|\\€')).toMatchObject({ encoding: 'gsm7', units: 18 });
  });

  it('fits 160 septets in one message and splits 161 into two parts of 153', () => {
    expect(measureSms('a'.repeat(160))).toEqual({ encoding: 'gsm7', units: 160, segments: 1, perSegment: 160 });
    expect(measureSms('a'.repeat(161))).toEqual({ encoding: 'gsm7', units: 161, segments: 2, perSegment: 153 });
    expect(measureSms('a'.repeat(306))).toMatchObject({ segments: 2 });
    expect(measureSms('a'.repeat(307))).toMatchObject({ segments: 3 });
  });

  it('counts 80 euro signs as 160 septets, one message', () => {
    expect(measureSms('€'.repeat(80))).toEqual({ encoding: 'gsm7', units: 160, segments: 1, perSegment: 160 });
  });

  it('never splits an extension character across two parts', () => {
    // 152 septets then an extension character: it does not fit in the first part's last septet.
    const text = `${'a'.repeat(152)}€${'a'.repeat(10)}`;
    expect(measureSms(text)).toMatchObject({ units: 164, segments: 2 });
    const tight = `${'a'.repeat(152)}€${'a'.repeat(152)}`;
    expect(measureSms(tight)).toMatchObject({ units: 306, segments: 3 });
  });

  it('switches the whole text to UCS-2 for one character outside GSM, counting UTF-16 units', () => {
    expect(measureSms('Namaste नमस्ते')).toMatchObject({ encoding: 'ucs2', units: 14, segments: 1, perSegment: 70 });
    expect(measureSms('Hi 👋')).toEqual({ encoding: 'ucs2', units: 5, segments: 1, perSegment: 70 });
    expect(measureSms('curly ’quote’')).toMatchObject({ encoding: 'ucs2' });
  });

  it('fits 70 UCS-2 units in one message and splits longer texts into parts of 67, emoji kept whole', () => {
    expect(measureSms('é'.repeat(69) + 'ж')).toEqual({ encoding: 'ucs2', units: 70, segments: 1, perSegment: 70 });
    expect(measureSms('ж'.repeat(71))).toEqual({ encoding: 'ucs2', units: 71, segments: 2, perSegment: 67 });
    // 66 units then an emoji (2 units): the emoji moves whole to the second part.
    expect(measureSms(`${'ж'.repeat(66)}😀${'ж'.repeat(66)}`)).toMatchObject({ units: 134, segments: 3 });
    expect(measureSms(`${'ж'.repeat(65)}😀${'ж'.repeat(67)}`)).toMatchObject({ units: 134, segments: 2 });
  });

  it('answers zero segments for an empty text', () => {
    expect(measureSms('')).toEqual({ encoding: 'gsm7', units: 0, segments: 0, perSegment: 160 });
  });
});
