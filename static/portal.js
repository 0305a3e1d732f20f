// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // Move focus to an error summary so keyboard and screen-reader users hear what went wrong.
  const summary = document.querySelector("[data-focus-on-load]");
  if (summary) summary.focus();
});
