// Làng Số field app: the guides offline, and the skills a member saw a person do. Loaded only
// when first needed (a visit's form, the guides, a sync that brings guides), so the first load
// stays small; served with its texts translated, and kept by the service worker for offline use.
const T = {{ texts|safe }};
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
      const image = ui.element("img", { src: picture[2], alt: picture[1], loading: "lazy" });
      // Through the style object, which the content security policy allows (an attribute not).
      Object.assign(image.style, { display: "block", maxWidth: "100%", height: "auto", margin: "0.4rem 0" });
      // Not kept and no network: say what it showed.
      image.addEventListener("error", () => image.replaceWith(ui.element("p", { class: "small muted" }, `[${picture[1] || T.pictureMissing}]`)));
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

export function renderGuides(ui, sent) {
  const guides = sent || [];
  ui.show(
    ui.back(ui.home),
    ui.element("h1", {}, T.guides),
    guides.length
      ? ui.element("ul", { class: "list", id: "guides" }, ...guides.map((guide) => ui.element("li", {},
        ui.element("button", { type: "button", class: "card-button", "data-guide": guide.slug, on: { click: () => renderGuide(ui, guides, guide) } },
          ui.element("strong", {}, guide.title),
          ui.element("span", { class: "line small muted" }, guide.audience)))))
      : ui.element("p", { class: "muted", id: "guides-none" }, T.guidesNone),
    // The member's own record of the month: its own module, loaded when opened. Its button is
    // here rather than on the list, whose code is within a byte or two of the first load's
    // budget.
    ui.element("p", {}, ui.element("button", { type: "button", id: "open-record", on: { click: () => import("/field/month.js").then((m) => m.open()) } }, T.myMonth)),
  );
}

function renderGuide(ui, guides, guide) {
  ui.show(
    ui.back(() => renderGuides(ui, guides)),
    ui.element("article", { id: "guide", "data-slug": guide.slug },
      ui.element("h1", {}, guide.title),
      ui.element("p", { class: "muted" }, `${T.guideFor}: ${guide.audience}`),
      guide.summary ? ui.element("p", {}, guide.summary) : null,
      ...blocks(ui, guide.steps),
      guide.problems ? ui.element("h2", {}, T.guideProblems) : null,
      ...blocks(ui, guide.problems),
      ui.element("p", { class: "small muted" }, `${T.guideSource}: ${guide.source}`,
        guide.updated ? ` · ${T.guideUpdated} ${guide.updated.split("-").reverse().join("/")}` : "")),
  );
}

// The basic skills of each person in a visit's form: boxes ticked as last known on this phone,
// and what changed, to send with the visit (the server keeps every observation with its time).
export function skillForm(ui, part) {
  const known = part || { skills: [], statuses: [] };
  const seen = new Map(known.statuses.map(([who, code, value]) => [`${who}|${code}`, value]));
  const boxes = [];
  return {
    boxes(resident) {
      if (!known.skills.length) return null;
      const block = ui.element("div", { class: "skills", "data-skills": resident.id },
        ui.element("span", { class: "small" }, ui.element("strong", {}, T.skillsSeen), ` (${T.skillsHint})`),
        ...known.skills.map((skill) => {
          const box = ui.element("input", { type: "checkbox", name: "skill", "data-resident": resident.id, "data-skill": skill.code, checked: Boolean(seen.get(`${resident.id}|${skill.code}`)) });
          boxes.push(box);
          return ui.element("label", { class: "check small" }, box, ui.element("span", {}, skill.name));
        }));
      Object.assign(block.style, { borderTop: "1px dashed #ccd", marginTop: "0.4rem", paddingTop: "0.4rem" });
      return block;
    },
    // What changed since last known, as the visit sends it; kept as known from now on.
    changes() {
      const changed = [];
      for (const box of boxes) {
        const key = `${box.dataset.resident}|${box.dataset.skill}`;
        if (Boolean(seen.get(key)) === box.checked) continue;
        changed.push({ resident_id: Number(box.dataset.resident), skill: box.dataset.skill, value: box.checked });
        seen.set(key, box.checked);
      }
      // Shown at once, before the server has it (the next pull brings the server's).
      ui.setMeta("skills", { ...known, statuses: [...seen].map(([key, value]) => { const [who, code] = key.split("|"); return [Number(who), code, value]; }) });
      return changed;
    },
  };
}
