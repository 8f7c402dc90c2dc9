// Progressive enhancement only: every page works without it.
// On a small screen, blocks marked data-collapse-below="PX" start folded (filters behind a button).
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("details[data-collapse-below]").forEach(function (box) {
    var below = parseInt(box.getAttribute("data-collapse-below"), 10) || 0;
    if (window.matchMedia("(max-width: " + below + "px)").matches) {
      box.removeAttribute("open");
    }
  });
});
