// Answering a section: save each answer as it is given, show and hide conditional questions
// from the server's decision, and resolve conflicts with colleagues. Progressive enhancement:
// the form works the same without this file (every button saves).
(() => {
  "use strict";

  const form = document.querySelector("form[data-autosave-url]");
  if (!form || !window.fetch) return;

  const url = form.dataset.autosaveUrl;
  const csrf = form.dataset.csrf;
  const status = document.getElementById("autosave-status");
  const TYPING_DELAY = 900;
  const timers = new Map();
  const queues = new Map();
  const lastSent = new Map();

  const boxes = () => Array.from(form.querySelectorAll(".question[data-question]"));
  const answerInputs = (box) =>
    Array.from(box.querySelectorAll("input, textarea")).filter((el) => el.name === `q_${box.dataset.question}`);

  function valuesOf(box) {
    const type = box.dataset.type;
    const inputs = answerInputs(box);
    if (type === "yes_no" || type === "single_choice" || type === "multi_choice") {
      return inputs.filter((el) => el.checked).map((el) => el.value);
    }
    return inputs.length ? [inputs[0].value] : [];
  }

  function setValues(box, values) {
    const type = box.dataset.type;
    const inputs = answerInputs(box);
    if (type === "yes_no" || type === "single_choice" || type === "multi_choice") {
      inputs.forEach((el) => { el.checked = values.includes(el.value); });
    } else if (inputs.length) {
      inputs[0].value = values.length ? values[0] : "";
    }
  }

  const tokenInput = (box) => box.querySelector("input[data-token]");

  function say(message) {
    if (status) status.textContent = message || "";
  }

  function note(box, message) {
    const el = box.querySelector("[data-note]");
    if (!el) return;
    el.textContent = message || "";
    el.hidden = !message;
  }

  function applyVisibility(visible) {
    if (!Array.isArray(visible)) return;
    const shown = new Set(visible);
    boxes().forEach((box) => { box.hidden = !shown.has(box.dataset.question); });
  }

  function clearConflict(box) {
    const old = box.querySelector(".conflict[data-live]");
    if (old) old.remove();
  }

  function showConflict(box, data) {
    clearConflict(box);
    const panel = document.createElement("div");
    panel.className = "conflict";
    panel.dataset.live = "1";
    panel.setAttribute("role", "group");
    const text = document.createElement("p");
    text.textContent = data.message || "";
    const theirs = document.createElement("p");
    theirs.textContent = `${form.dataset.msgTheirAnswer} `;
    const strong = document.createElement("strong");
    strong.textContent = data.theirs || "";
    theirs.appendChild(strong);
    const keep = document.createElement("button");
    keep.type = "button";
    keep.className = "button";
    keep.textContent = form.dataset.msgKeep;
    const useTheirs = document.createElement("button");
    useTheirs.type = "button";
    useTheirs.className = "button button--secondary";
    useTheirs.textContent = form.dataset.msgTheirs;
    keep.addEventListener("click", () => {
      tokenInput(box).value = data.token;   // save mine over theirs, knowingly
      clearConflict(box);
      lastSent.delete(box.dataset.question);
      queue(box);
    });
    useTheirs.addEventListener("click", () => {
      setValues(box, data.theirs_values || []);
      tokenInput(box).value = data.token;
      lastSent.set(box.dataset.question, JSON.stringify(data.theirs_values || []));
      clearConflict(box);
      say("");
    });
    panel.append(text, theirs, keep, useTheirs);
    box.appendChild(panel);
    say(data.message);
    keep.focus();
  }

  async function send(box) {
    const qid = box.dataset.question;
    const values = valuesOf(box);
    const key = JSON.stringify(values);
    if (lastSent.get(qid) === key || box.querySelector(".conflict[data-live]")) return;
    let reply;
    let data = {};
    try {
      reply = await fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrf },
        body: JSON.stringify({ question: qid, values, token: tokenInput(box).value }),
      });
      data = await reply.json();
    } catch (error) {
      say(form.dataset.msgOffline);
      return;
    }
    if (reply.ok) {
      lastSent.set(qid, key);
      tokenInput(box).value = data.token;
      note(box, "");
      applyVisibility(data.visible);
      say(data.message);
      box.dispatchEvent(new CustomEvent("answer-saved", { bubbles: true, detail: data }));
    } else if (data.status === "conflict") {
      showConflict(box, data);
    } else if (data.status === "invalid" || data.status === "hidden") {
      note(box, data.message);
      say("");
    } else {
      say(data.message || form.dataset.msgOffline);
    }
  }

  function queue(box) {
    const qid = box.dataset.question;
    const previous = queues.get(qid) || Promise.resolve();
    const next = previous.then(() => send(box));
    queues.set(qid, next.catch(() => undefined));
    return next;
  }

  function later(box) {
    const qid = box.dataset.question;
    clearTimeout(timers.get(qid));
    timers.set(qid, setTimeout(() => queue(box), TYPING_DELAY));
  }

  boxes().forEach((box) => {
    lastSent.set(box.dataset.question, JSON.stringify(valuesOf(box)));
  });

  form.addEventListener("input", (event) => {
    const box = event.target.closest(".question[data-question]");
    if (!box || !event.target.name || !event.target.name.startsWith("q_")) return;
    if (event.target.type === "file") return;
    if (event.target.type === "radio" || event.target.type === "checkbox") queue(box);
    else later(box);
  });

  form.addEventListener("change", (event) => {
    const box = event.target.closest(".question[data-question]");
    if (!box || !event.target.name || !event.target.name.startsWith("q_")) return;
    if (event.target.type === "file" || event.target.type === "radio" || event.target.type === "checkbox") return;
    clearTimeout(timers.get(box.dataset.question));
    queue(box);
  });
})();
