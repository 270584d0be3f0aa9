// The mailbox form's proof of work: find a counter whose SHA-256 with the signed
// challenge has the asked number of leading zero bits, and put it in the form.
// Without this script (or without crypto.subtle) the form still works: the server
// then accepts the challenge once it is old enough (about 20 seconds).
(async () => {
  const field = document.querySelector('input[name="challenge"][data-pow-bits]');
  const out = document.querySelector('input[name="pow"]');
  if (!field || !out || !window.crypto || !crypto.subtle) return;
  const bits = Number(field.dataset.powBits);
  const token = field.value;
  const enc = new TextEncoder();
  const zeroBits = (bytes) => {
    let n = 0;
    for (const b of bytes) {
      if (b === 0) { n += 8; continue; }
      return n + Math.clz32(b) - 24;
    }
    return n;
  };
  for (let i = 0; i < 50_000_000; i++) {
    const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', enc.encode(`${token}:${i}`)));
    if (zeroBits(hash) >= bits) {
      out.value = String(i);
      const hint = document.getElementById('pow-hint');
      if (hint) hint.textContent = '校验已完成，可以提交。';
      return;
    }
  }
})();
