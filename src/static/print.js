// Print buttons on receipts and letters. Without scripts the buttons stay hidden and
// the page tells people to use the browser's own print command.
for (const button of document.querySelectorAll('button[data-print]')) {
  button.hidden = false;
  button.addEventListener('click', () => window.print());
}
