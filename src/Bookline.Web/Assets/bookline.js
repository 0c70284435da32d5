// Keyboard: "/" puts the cursor in the search box (as on many sites), unless one is typing already.
document.addEventListener('keydown', event => {
  if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
  const target = event.target;
  if (target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))) return;
  const box = document.getElementById('q');
  if (box) { event.preventDefault(); box.focus(); box.select(); }
});
