// Làng Số field app: the guides, offline. Loaded only when the member opens them (or when a sync
// brings new ones, to keep their pictures), so the first load stays small.
const PICTURES = "langso-guides";
const PICTURE = /!\[([^\]]*)\]\(([^)\s]+)\)/;

export function pictures(guides) {
  const found = new Set();
  for (const guide of guides) {
    for (const text of [guide.steps, guide.problems]) {
      for (const match of (text || "").matchAll(new RegExp(PICTURE, "g"))) found.add(match[2]);
    }
  }
  return [...found];
}

// Each picture kept the first time the guides are synced; one that cannot be fetched now is
// tried again at the next sync, and the guide shows its description meanwhile.
export async function keepPictures(guides) {
  if (!("caches" in window)) return;
  const cache = await caches.open(PICTURES);
  for (const url of pictures(guides)) {
    if (await cache.match(url)) continue;
    try {
      await cache.add(url);
    } catch {
      // Offline or gone: the guide shows the picture's description instead.
    }
  }
}

// The little Markdown the guides use: paragraphs, numbered or bulleted steps, pictures, bold.
function blocks(ui, markdown) {
  const nodes = [];
  let list = null;
  for (const raw of (markdown || "").split("\n")) {
    const line = raw.trim();
    if (!line) {
      list = null;
      continue;
    }
    const picture = line.match(PICTURE);
    if (picture) {
      const image = ui.element("img", { src: picture[2], alt: picture[1], loading: "lazy", class: "guide-picture" });
      // Not kept and no network: say what it showed.
      image.addEventListener("error", () => image.replaceWith(ui.element("p", { class: "small muted" }, `[${picture[1] || ui.L.pictureMissing}]`)));
      const node = list ? ui.element("div", {}, image) : image;
      if (list) list.lastChild.append(node);
      else nodes.push(node);
      continue;
    }
    const step = line.match(/^(\d+[.)]|[-*])\s+(.*)$/);
    const text = (step ? step[2] : line).replace(/\*\*([^*]+)\*\*/g, "$1").replace(/^#+\s*/, "");
    if (step) {
      if (!list) {
        list = ui.element(/\d/.test(step[1]) ? "ol" : "ul", { class: "guide-steps" });
        nodes.push(list);
      }
      list.append(ui.element("li", {}, text));
    } else {
      list = null;
      nodes.push(ui.element(/^#/.test(line) ? "h2" : "p", {}, text));
    }
  }
  return nodes;
}

export function renderGuides(ui, guides) {
  ui.show(
    ui.back(ui.home),
    ui.element("h1", {}, ui.L.guides),
    guides.length
      ? ui.element("ul", { class: "list", id: "guides" }, ...guides.map((guide) => ui.element("li", {},
        ui.element("button", { type: "button", class: "card-button", "data-guide": guide.slug, on: { click: () => renderGuide(ui, guides, guide) } },
          ui.element("strong", {}, guide.title),
          ui.element("span", { class: "line small muted" }, guide.audience)))))
      : ui.element("p", { class: "muted", id: "guides-none" }, ui.L.guidesNone),
  );
}

function renderGuide(ui, guides, guide) {
  ui.show(
    ui.back(() => renderGuides(ui, guides)),
    ui.element("article", { id: "guide", "data-slug": guide.slug },
      ui.element("h1", {}, guide.title),
      ui.element("p", { class: "muted" }, `${ui.L.guideFor}: ${guide.audience}`),
      guide.summary ? ui.element("p", {}, guide.summary) : null,
      ...blocks(ui, guide.steps),
      guide.problems ? ui.element("h2", {}, ui.L.guideProblems) : null,
      ...blocks(ui, guide.problems),
      ui.element("p", { class: "small muted" }, `${ui.L.guideSource}: ${guide.source}`,
        guide.updated ? ` · ${ui.L.guideUpdated} ${guide.updated.split("-").reverse().join("/")}` : "")),
  );
}
