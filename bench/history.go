package bench

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/demo"
	"github.com/vios-platform/vios/store"
)

// The data generator behind the meeting benchmark: a core team with two
// years of meetings, as a chair would leave them after using the platform
// for that long. Everything goes through the store's service methods (with
// the chair as actor and the store clock moved to when it happened), so
// the audit trail, the outbox and every rule apply as in real use.

// HistoryOptions sizes the history.
type HistoryOptions struct {
	Municipality  string        // slug of a municipality with demo accounts; "arnhem" if empty
	Years         int           // how far back the history starts; 2 if zero
	ItemsPerHeld  int           // agenda items (with minutes) of each held meeting, at least 3; 5 if zero
	UpcomingItems int           // accepted items on the upcoming meeting's agenda; 40 if zero
	Interval      time.Duration // between meetings; 6 weeks if zero
}

// History is what LoadMeetingHistory made.
type History struct {
	Municipality *vios.Municipality
	Network      *vios.Network
	Chair        *vios.User // school@<slug>.demo.example
	Held         []*vios.Meeting
	Upcoming     *vios.Meeting // published, with UpcomingItems accepted items
	Actions      int           // agreed in the held meetings
	OpenActions  int           // open or in progress now
	Overdue      int           // open past their due date now
	Corrections  int
}

// String summarises the history for a benchmark log.
func (h *History) String() string {
	return fmt.Sprintf("%s: %d held meetings (%d items each, minutes approved), %d actions (%d open, %d overdue), %d corrections; upcoming meeting with %d items",
		h.Network.Name, len(h.Held), len(h.Held[0].Items), h.Actions, h.OpenActions, h.Overdue, h.Corrections, len(h.Upcoming.Items))
}

// LoadMeetingHistory loads the demo accounts (with passwordHash) and the demo
// core teams into a database that holds the demo data (demo.Load), then
// gives the core team of one municipality its history: with the store clock
// moved back Years, a meeting every Interval up to now, each held one with
// its agenda published, attendance recorded, minutes per item, three
// actions (some done on time, some late, some cancelled, some still open
// and overdue) and its minutes approved at the next meeting; and one
// upcoming meeting whose agenda of UpcomingItems accepted items is
// published. It restores the clock before it returns.
func LoadMeetingHistory(ctx context.Context, db *store.DB, passwordHash string, o HistoryOptions) (*History, error) {
	if o.Municipality == "" {
		o.Municipality = "arnhem"
	}
	if o.Years == 0 {
		o.Years = 2
	}
	if o.ItemsPerHeld == 0 {
		o.ItemsPerHeld = 5
	}
	if o.ItemsPerHeld < 3 {
		return nil, fmt.Errorf("a held meeting needs at least 3 items (its 3 actions hang from them), not %d", o.ItemsPerHeld)
	}
	if o.UpcomingItems == 0 {
		o.UpcomingItems = 40
	}
	if o.Interval == 0 {
		o.Interval = 6 * 7 * 24 * time.Hour
	}
	realClock := db.Now
	defer func() { db.Now = realClock }()
	now := realClock()
	at := func(t time.Time) { db.Now = func() time.Time { return t } }

	// The accounts and the core team exist from the start of the history;
	// demo.LoadNetworks plans the team's first meeting two weeks later.
	start := now.AddDate(-o.Years, 0, 0)
	at(start)
	if err := demo.LoadUsers(ctx, db.All, passwordHash); err != nil {
		return nil, fmt.Errorf("demo accounts: %w", err)
	}
	if err := demo.LoadNetworks(ctx, db.All, start); err != nil {
		return nil, fmt.Errorf("demo networks: %w", err)
	}
	h := &History{}
	var err error
	if h.Municipality, err = db.Organisations.FindMunicipalityBySlug(ctx, o.Municipality); err != nil {
		return nil, err
	}
	people := map[string]*vios.User{}
	for _, role := range []string{vios.RoleSchool, vios.RoleCoordinator, vios.RolePartner} {
		if people[role], _, err = db.Accounts.FindCredentials(ctx, role+"@"+o.Municipality+".demo.example"); err != nil {
			return nil, fmt.Errorf("demo account %s: %w", role, err)
		}
	}
	h.Chair = people[vios.RoleSchool]
	ctx = vios.NewContextWithActor(ctx, &vios.Actor{User: h.Chair, Address: "127.0.0.1"})
	networks, err := db.Networks.ListNetworks(ctx, vios.NetworkFilter{MunicipalityID: h.Municipality.ID, Kind: vios.NetworkKernteam})
	if err != nil || len(networks) != 1 {
		return nil, fmt.Errorf("the demo core team of %s: %d found, %v", o.Municipality, len(networks), err)
	}
	if h.Network, err = db.Networks.FindNetwork(ctx, h.Municipality.ID, networks[0].ID); err != nil {
		return nil, err
	}
	muni, net := h.Municipality.ID, h.Network.ID
	fixed := map[string]string{} // user id → fixed membership id
	for _, m := range h.Network.Members {
		if m.Position == vios.PositionMember {
			fixed[m.UserID] = m.ID
		}
	}

	// The rest of the series, up to the first meeting after now.
	first, err := db.Networks.ListMeetings(ctx, vios.MeetingFilter{MunicipalityID: muni, NetworkID: net})
	if err != nil || len(first) != 1 {
		return nil, fmt.Errorf("the demo meeting: %d found, %v", len(first), err)
	}
	next := *first[0]
	next.StartsAt = next.StartsAt.In(vios.Amsterdam).AddDate(0, 0, int(o.Interval/(24*time.Hour))).UTC()
	next.EndsAt = next.StartsAt.Add(first[0].EndsAt.Sub(first[0].StartsAt))
	count := int(now.Sub(next.StartsAt)/o.Interval) + 2
	if _, err := db.Networks.PlanMeetings(ctx, muni, net, vios.SeriesPlan{First: next, Count: count, Interval: o.Interval}); err != nil {
		return nil, fmt.Errorf("plan meetings: %w", err)
	}
	meetings, err := db.Networks.ListMeetings(ctx, vios.MeetingFilter{MunicipalityID: muni, NetworkID: net})
	if err != nil {
		return nil, err
	}

	// pending are actions to close at a later meeting: index of that
	// meeting → actions with the status they get.
	type change struct {
		action *vios.ActionItem
		status string
		note   string
	}
	pending := map[int][]change{}
	owners := []*vios.User{people[vios.RoleSchool], people[vios.RoleCoordinator], people[vios.RolePartner]}
	var previous *vios.Meeting
	approve := func() error {
		if previous == nil {
			return nil
		}
		if err := db.Networks.ApproveMinutes(ctx, muni, previous.ID); err != nil {
			return fmt.Errorf("approve minutes: %w", err)
		}
		// A correction now and then, to minutes already approved.
		if len(h.Held)%5 == 0 {
			c := &vios.MinutesCorrection{MeetingID: previous.ID, ItemID: previous.Items[1].ID,
				Text: "Correctie: de wijkagent was bij dit punt afwezig, niet aanwezig zoals in het verslag staat."}
			if err := db.Networks.AddCorrection(ctx, muni, c); err != nil {
				return fmt.Errorf("add correction: %w", err)
			}
			h.Corrections++
		}
		return nil
	}
	followUp := func(i int) error {
		for _, c := range pending[i] {
			if err := db.Networks.UpdateAction(ctx, muni, c.action.ID, c.status, c.note, c.action.UpdatedAt); err != nil {
				return fmt.Errorf("update action: %w", err)
			}
		}
		delete(pending, i)
		return nil
	}

	upcoming := -1
	for i, mt := range meetings {
		if !mt.StartsAt.Add(3 * time.Hour).Before(now) {
			// The first meeting still ahead is the upcoming one.
			if mt.StartsAt.After(now) {
				h.Upcoming, upcoming = mt, i
				break
			}
			continue
		}
		// A week before: the chair puts the items on the agenda and sends it.
		at(mt.StartsAt.Add(-8 * 24 * time.Hour))
		items, err := proposeItems(ctx, db, muni, mt.ID, o.ItemsPerHeld, i)
		if err != nil {
			return nil, err
		}
		at(mt.StartsAt.Add(-6 * 24 * time.Hour))
		if err := db.Networks.PublishAgenda(ctx, muni, mt.ID); err != nil {
			return nil, fmt.Errorf("publish agenda: %w", err)
		}
		// In the meeting: the previous minutes approved, actions followed
		// up, attendance, minutes per item, new actions.
		at(mt.StartsAt.Add(5 * time.Minute))
		if err := approve(); err != nil {
			return nil, err
		}
		if err := followUp(i); err != nil {
			return nil, err
		}
		partner := vios.AttendancePresent
		switch {
		case i%4 == 1:
			partner = vios.AttendanceExcused
		case i%7 == 3:
			partner = vios.AttendanceAbsent
		}
		if err := db.Networks.RecordAttendance(ctx, muni, mt.ID, []vios.Attendance{
			{MemberID: fixed[people[vios.RoleSchool].ID], Status: vios.AttendancePresent},
			{MemberID: fixed[people[vios.RoleCoordinator].ID], Status: vios.AttendancePresent},
			{MemberID: fixed[people[vios.RolePartner].ID], Status: partner},
		}); err != nil {
			return nil, fmt.Errorf("record attendance: %w", err)
		}
		at(mt.StartsAt.Add(80 * time.Minute))
		for k := range items {
			it := &items[k]
			it.Minutes = minutesText(i, k)
			it.Decisions = fmt.Sprintf("Besloten: de aanpak van punt %d wordt voortgezet; terugkoppeling in het volgende overleg.", k+1)
			if err := db.Networks.SaveItemMinutes(ctx, muni, it, it.UpdatedAt); err != nil {
				return nil, fmt.Errorf("save minutes: %w", err)
			}
		}
		day := vios.Date(mt.StartsAt)
		for k, plan := range []struct {
			due    int // days after the meeting
			title  string
			status string // what it becomes (usually) …
			after  int    // … at this many meetings later
		}{
			{14, "Ouders informeren over de afspraken rond %s", vios.ActionDone, 1},
			{28, "Wijkagent loopt extra rondes rond de school (%s)", vios.ActionDone, 2},
			{120, "Voorlichting in de bovenbouw organiseren over %s", vios.ActionDone, 2},
		} {
			a := &vios.ActionItem{MunicipalityID: muni, MeetingID: mt.ID, ItemID: items[k].ID,
				Title:       fmt.Sprintf(plan.title, strings.ToLower(vios.DefaultPhenomena[(i+k)%len(vios.DefaultPhenomena)].Label)),
				OwnerUserID: owners[(i+k)%len(owners)].ID, DueOn: day.AddDate(0, 0, plan.due)}
			if err := db.Networks.CreateAction(ctx, a); err != nil {
				return nil, fmt.Errorf("create action: %w", err)
			}
			h.Actions++
			status, note, after := plan.status, "Afgerond, besproken in het overleg.", plan.after
			switch {
			case k == 1 && i%3 == 0:
				continue // stays open, and so becomes overdue
			case k == 2 && i%4 == 1:
				continue // stays open
			case k == 2 && i%4 == 2:
				status, note, after = vios.ActionInProgress, "Gestart; de eerste klassen zijn ingepland.", 1
			case k == 2 && i%4 == 3:
				status, note, after = vios.ActionCancelled, "Vervalt: de GGD verzorgt deze voorlichting al.", 1
			}
			pending[i+after] = append(pending[i+after], change{action: a, status: status, note: note})
		}
		mt.Items = items
		previous = mt
		h.Held = append(h.Held, mt)
	}
	if h.Upcoming == nil || len(h.Held) == 0 {
		return nil, fmt.Errorf("no upcoming meeting or no history: %d meetings planned", len(meetings))
	}

	// Preparing the upcoming meeting, now: the last minutes approved, the
	// actions due followed up, and an agenda of UpcomingItems items sent.
	at(now.Add(-10 * time.Minute))
	if err := approve(); err != nil {
		return nil, err
	}
	for i := range pending {
		if i <= upcoming {
			if err := followUp(i); err != nil {
				return nil, err
			}
		}
	}
	if h.Upcoming.Items, err = proposeItems(ctx, db, muni, h.Upcoming.ID, o.UpcomingItems, upcoming); err != nil {
		return nil, err
	}
	if err := db.Networks.PublishAgenda(ctx, muni, h.Upcoming.ID); err != nil {
		return nil, fmt.Errorf("publish agenda: %w", err)
	}
	db.Now = realClock
	open, err := db.Networks.ListActions(ctx, vios.ActionFilter{MunicipalityID: muni, NetworkID: net, OpenOnly: true})
	if err != nil {
		return nil, err
	}
	h.OpenActions = len(open)
	for _, a := range open {
		if a.Overdue(now) {
			h.Overdue++
		}
	}
	return h, nil
}

var itemKinds = []string{vios.ItemStanding, vios.ItemTrend, vios.ItemRound, vios.ItemTrend, vios.ItemGuest}

// proposeItems puts n accepted items on a meeting's agenda as the chair
// (the actor in ctx); seed varies titles and phenomena between meetings.
func proposeItems(ctx context.Context, db *store.DB, muni, meetingID string, n, seed int) ([]vios.AgendaItem, error) {
	items := make([]vios.AgendaItem, n)
	for k := range items {
		p := vios.DefaultPhenomena[(seed*3+k)%len(vios.DefaultPhenomena)]
		it := &items[k]
		*it = vios.AgendaItem{MeetingID: meetingID, Kind: itemKinds[k%len(itemKinds)],
			Title: fmt.Sprintf("%s: signalen en aanpak (%d)", p.Label, k+1),
			Description: "Wat zien school, wijkagent en gemeente op dit moment rond " + strings.ToLower(p.Label) +
				", wat is er sinds het vorige overleg gebeurd, en wat spreken we af?"}
		// Two of every three items are tagged, some with two phenomena.
		switch k % 3 {
		case 0:
			it.Phenomena = []string{p.Code}
		case 1:
			it.Phenomena = []string{p.Code, vios.DefaultPhenomena[(seed+k+7)%len(vios.DefaultPhenomena)].Code}
			if it.Phenomena[0] == it.Phenomena[1] {
				it.Phenomena = it.Phenomena[:1]
			}
		}
		if err := db.Networks.ProposeItem(ctx, muni, it); err != nil {
			return nil, fmt.Errorf("propose item: %w", err)
		}
	}
	return items, nil
}

// minutesText is a few sentences of minutes, a realistic length (≈500
// characters) without names of pupils.
func minutesText(meeting, item int) string {
	return fmt.Sprintf("Overleg %d, punt %d. De school meldt dat het aantal meldingen sinds het vorige overleg "+
		"ongeveer gelijk is gebleven; de mentoren zijn alert en bespreken voorvallen in de leerlingbespreking. "+
		"De wijkagent ziet rond het winkelcentrum na schooltijd vaker groepjes leerlingen en loopt daar extra. "+
		"De gemeente brengt het onderwerp in bij het wijkoverleg en kijkt of jongerenwerk kan aansluiten. "+
		"Afgesproken is de ontwikkeling te volgen en in het volgende overleg terug te koppelen.", meeting+1, item+1)
}
