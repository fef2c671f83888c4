// The main menu folds behind a "Menu" button on a narrow screen (app.css
// decides when). Without this script the button stays hidden and the menu
// is always open, so the menu works without script too.
(() => {
  const button = document.querySelector(".site-nav__toggle");
  if (!button) return;
  const menu = document.getElementById(button.getAttribute("aria-controls"));
  const setOpen = (open) => button.setAttribute("aria-expanded", open ? "true" : "false");
  button.hidden = false;
  button.addEventListener("click", () => setOpen(button.getAttribute("aria-expanded") !== "true"));
  // Escape closes the open menu and gives the focus back to its button.
  menu.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
      setOpen(false);
      button.focus();
    }
  });
})();
