// The school search of the signal form as a combobox (WAI-ARIA APG
// "combobox with list autocomplete"). Without this script the field and its
// button "Zoek school" send the form, which comes back with the matches in
// the select above it; with it, typing three letters lists the matches
// under the field, and choosing one puts it in that select.
(() => {
  const minLetters = 3;

  const enhance = (box) => {
    const input = box.querySelector("input");
    const select = document.getElementById(box.dataset.select);
    const status = box.querySelector('[role="status"]');
    const found = select.querySelector("optgroup:last-of-type");
    const list = document.createElement("ul");
    list.id = input.id + "-lijst";
    list.className = "school-search__list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Gevonden scholen");
    list.hidden = true;
    input.parentElement.after(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");

    let matches = [];
    let active = -1;
    let timer = 0;
    let asked = 0; // the number of the newest request: older answers are dropped

    const label = (m) => `${m.naam} (gemeente ${m.gemeenteNaam})${m.eigen ? " – eigen gemeente" : ""}`;
    const setOpen = (open) => {
      list.hidden = !open;
      input.setAttribute("aria-expanded", open ? "true" : "false");
      if (!open) setActive(-1);
    };
    const setActive = (i) => {
      active = i;
      [...list.children].forEach((li, j) => li.setAttribute("aria-selected", j === i ? "true" : "false"));
      if (i >= 0) {
        input.setAttribute("aria-activedescendant", list.children[i].id);
        list.children[i].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    };
    const show = (items) => {
      matches = items;
      list.replaceChildren(...matches.map((m, i) => {
        const li = document.createElement("li");
        li.id = `${list.id}-${i}`;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.textContent = label(m);
        // mousedown, not click: the field keeps its focus.
        li.addEventListener("mousedown", (e) => { e.preventDefault(); choose(i); });
        return li;
      }));
      status.textContent = matches.length === 0 ? "Geen school gevonden." :
        `${matches.length} ${matches.length === 1 ? "school" : "scholen"} gevonden; kies met de pijltjestoetsen en Enter.`;
      setOpen(matches.length > 0);
    };
    const choose = (i) => {
      const m = matches[i];
      let option = [...select.options].find((o) => o.value === m.id);
      if (!option) {
        option = new Option(`${m.naam} (gemeente ${m.gemeenteNaam})`, m.id);
        found.append(option);
      }
      select.value = m.id;
      select.dispatchEvent(new Event("change", { bubbles: true }));
      input.value = m.naam;
      setOpen(false);
      status.textContent = `Gekozen: ${option.textContent}.`;
    };
    const search = async () => {
      const text = input.value.trim();
      if (text.replaceAll(" ", "").length < minLetters) {
        setOpen(false);
        status.textContent = "";
        return;
      }
      const mine = ++asked;
      try {
        const res = await fetch(`${box.dataset.scholen}?zoek=${encodeURIComponent(text)}`, { headers: { Accept: "application/json" } });
        const body = await res.json();
        if (mine !== asked) return;
        if (!res.ok) {
          setOpen(false);
          status.textContent = body.fout || "Zoeken lukte niet; gebruik de knop Zoek school.";
          return;
        }
        show(body);
      } catch {
        if (mine === asked) status.textContent = "Zoeken lukte niet; gebruik de knop Zoek school.";
      }
    };

    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(search, 250);
    });
    input.addEventListener("keydown", (e) => {
      const open = !list.hidden;
      switch (e.key) {
        case "ArrowDown":
          e.preventDefault();
          if (!open && matches.length > 0) setOpen(true);
          setActive(Math.min(active + 1, matches.length - 1));
          break;
        case "ArrowUp":
          e.preventDefault();
          if (open) setActive(Math.max(active - 1, 0));
          break;
        case "Enter":
          // Enter chooses the active match and never sends the form from
          // this field: the button "Zoek school" still does.
          e.preventDefault();
          if (open && active >= 0) choose(active);
          else search();
          break;
        case "Escape":
          if (open) {
            e.preventDefault();
            setOpen(false);
          } else if (input.value !== "") {
            e.preventDefault();
            input.value = "";
            status.textContent = "";
          }
          break;
        case "Tab":
          setOpen(false);
          break;
      }
    });
    // Some keyboards (and automation) send Enter's character apart from its
    // keydown: it must not send the form from this field either.
    input.addEventListener("keypress", (e) => {
      if (e.key === "Enter") e.preventDefault();
    });
    input.addEventListener("blur", () => setOpen(false));
  };

  document.querySelectorAll(".school-search[data-scholen]").forEach(enhance);
})();
