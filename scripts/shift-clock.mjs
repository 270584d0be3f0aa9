// Preloaded by `npm test` for its second pass: moves this process's wall clock
// GONGKAI_TEST_CLOCK_SHIFT_DAYS days ahead, so a test that passes only on the day it
// was written (a fixture date that has since gone by, an assertion on "now")
// fails today instead of next year. Only `Date` moves; timers and
// performance.now() keep real time.
const days = Number(process.env.GONGKAI_TEST_CLOCK_SHIFT_DAYS ?? 0);
if (Number.isFinite(days) && days !== 0) {
  const shift = days * 86_400_000;
  const RealDate = globalThis.Date;
  class ShiftedDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(RealDate.now() + shift);
      else super(...args);
    }
    static now() {
      return RealDate.now() + shift;
    }
  }
  globalThis.Date = ShiftedDate;
}
