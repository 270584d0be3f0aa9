// The item page's 打印 and 关闭 links. Without scripts, 打印 opens the print view and
// 关闭 returns to the column; with them, 打印 opens the print dialog on this page and
// 关闭 closes a tab this site opened (browsers refuse to close any other).
for (const link of document.querySelectorAll('a[data-print]')) {
  link.addEventListener('click', (e) => {
    e.preventDefault();
    window.print();
  });
}
for (const link of document.querySelectorAll('a[data-close]')) {
  link.addEventListener('click', (e) => {
    if (window.opener && !window.opener.closed) {
      e.preventDefault();
      window.close();
    }
  });
}
