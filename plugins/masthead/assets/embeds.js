/* mkdocs-masthead: click-to-load embeds (core/embeds.py). A post's YouTube, Vimeo,
   CodePen... iframe is published as a box holding a link to the provider's page; nothing
   is loaded from the provider until the reader clicks the link. Then the iframe that
   the build described (its https address, sandbox and permissions, in the box's
   data-masthead-* attributes, which posts cannot write themselves) takes the box's
   place. Without script, or with a modifier key, the link opens the provider's page.
   One listener on the document: it works with Material's instant navigation too. */
(function () {
  document.addEventListener("click", function (event) {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    var link = event.target.closest && event.target.closest("a.masthead-embed__link");
    var box = link && link.parentElement;
    if (!box || !box.classList.contains("masthead-embed")) return;
    var src = box.getAttribute("data-masthead-frame") || "";
    if (src.indexOf("https://") !== 0) return;
    event.preventDefault();
    var title = box.querySelector(".masthead-embed__title");
    var frame = document.createElement("iframe");
    frame.className = "masthead-embed__frame";
    frame.setAttribute("sandbox", box.getAttribute("data-masthead-sandbox") || "");
    frame.setAttribute("allow", box.getAttribute("data-masthead-allow") || "");
    frame.setAttribute("allowfullscreen", "");
    frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
    frame.setAttribute("title", title ? title.textContent : "Embedded content");
    frame.src = src;
    box.replaceChildren(frame);
    box.classList.add("masthead-embed--frame");
    frame.focus();
  });
})();
