package vios

import (
	"context"
	"errors"
)

// Authorization: the one place that decides whether an actor may do an action
// to a record. Pure functions, no I/O; every service method asks here (from
// the actor in the context), handlers too to choose what to show, and
// docs/ACCESS.md is this file written out as a table.

// Action is something an actor can do.
type Action string

const (
	// ActionViewAccount: see and change one's own account, sessions and tokens.
	ActionViewAccount Action = "account"
	// ActionViewUsers: see who has an account and which roles in a municipality.
	ActionViewUsers Action = "gebruikers-bekijken"
	// ActionManageUsers: invite, disable, give and take roles in a municipality.
	ActionManageUsers Action = "gebruikers-beheren"
	// ActionEndSession: end a session of the user who owns it.
	ActionEndSession Action = "sessie-beeindigen"
	// ActionEditApproach: change the municipality's approach and organisations.
	ActionEditApproach Action = "aanpak-wijzigen"
	// ActionViewProcessingLog: search the processing log and audit trail.
	ActionViewProcessingLog Action = "verwerkingslog"
	// ActionViewRightsReview: the periodic review of who holds which role (BIO).
	ActionViewRightsReview Action = "rechtenoverzicht"
	// ActionViewOutbox: read the mails the platform sent in demo mode.
	ActionViewOutbox Action = "uitgaande-mail"
	// ActionViewPupilData: see data about pupils at all, in a role
	// (Resource.Role) of the municipality; the roles in
	// rolesWithoutPupilData never may. AccessOf asks it, and then decides
	// per record by the network's data-sharing clause.
	ActionViewPupilData Action = "leerlinggegevens"

	// Networks and meetings: decided by the actor's place in the
	// network (Resource.InNetwork) and the regisseur's role.

	// ActionCreateNetwork: set up a new network of the municipality.
	ActionCreateNetwork Action = "netwerk-aanmaken"
	// ActionViewNetwork: see a network, its meetings, agendas and minutes.
	ActionViewNetwork Action = "netwerk-bekijken"
	// ActionManageNetwork: change a network and its members.
	ActionManageNetwork Action = "netwerk-beheren"
	// ActionRunMeeting: plan meetings, set and publish the agenda, record
	// attendance, minutes and actions.
	ActionRunMeeting Action = "overleg-voeren"
	// ActionProposeItem: propose an agenda item before the deadline.
	ActionProposeItem Action = "agendapunt-voorstellen"
	// ActionUpdateAction: record progress on an action item.
	ActionUpdateAction Action = "actiepunt-bijwerken"
	// ActionViewNetworkFigures: the follow-through figures of a network.
	ActionViewNetworkFigures Action = "netwerk-cijfers"

	// ActionTransfer: the transfers of a pupil's file to the next school
	// (overdrachten): school staff prepare and receive them; the store
	// decides per transfer (the case owner sends, the receiving school's
	// staff accept).
	ActionTransfer Action = "overdracht"
	// ActionViewDirectory: the sociale kaart, who to contact for what.
	ActionViewDirectory Action = "sociale-kaart-bekijken"
	// ActionViewCovenant: read a covenant, its clauses and its compliance:
	// the municipality's staff, and school and partner employees whose
	// organisation is a party (Resource.Parties).
	ActionViewCovenant Action = "convenant-bekijken"
	// ActionEditCovenant: draw up and change covenants and their clauses,
	// record signatures, link networks to clauses.
	ActionEditCovenant Action = "convenant-wijzigen"

	// Work on pupils. Seeing a pupil in a record is decided per record
	// by AccessOf; these decide who may reach the screens at all.
	//
	// ActionViewCasework: the signals, cases and alerts of networks one has
	// a place in (the regisseur: all of the municipality).
	ActionViewCasework Action = "casuswerk-bekijken"
	// ActionEnterSignal: any member of the network enters signals, adds
	// notes and referrals to its cases.
	ActionEnterSignal Action = "signaal-inbrengen"
	// ActionDirectCase: the chair, the secretary or the regisseur makes a
	// case of a signal, closes it or puts it on an agenda.
	ActionDirectCase Action = "casus-regie"
	// ActionCompleteSignal: complete an open signal (date, urgency,
	// description, phenomenon, network): members of the network who work
	// for the organisation that entered it (Resource.ReporterOrgID), the
	// chair, the secretary and the regisseur.
	ActionCompleteSignal Action = "signaal-aanvullen"
	// ActionRaiseAlert: a member of an alert group raises an alert to it.
	ActionRaiseAlert Action = "alert-versturen"
	// ActionSubjectRequest: the privacy officer handles a data subject's
	// request (inzage, correction, erasure) and sees what retention removed.
	ActionSubjectRequest Action = "rechten-betrokkene"

	// ActionDecideTrend: see the trend job's proposals and accept (onto
	// the next overarching agenda) or dismiss them: the regisseur.
	ActionDecideTrend Action = "trend-besluiten"

	// ActionSetUpMunicipality: add a municipality with its approach,
	// organisations and people. No role may: only the platform itself
	// (SystemActor), at setup or when loading demo data.
	ActionSetUpMunicipality Action = "gemeente-inrichten"

	// ActionOnboardMunicipality: add a new municipality with its key and
	// invite its first beheerder (Onboarding): the landelijk role, which
	// belongs to no municipality, and the platform's operator on the
	// command line (SystemActor). It gives no access to the municipality's
	// records: the beheerder it invites does the rest.
	ActionOnboardMunicipality Action = "gemeente-toevoegen"
)

// rolesFor lists, per municipal action, the roles that may do it within
// their own municipality. Actions not listed here are decided in Authorize.
var rolesFor = map[Action][]string{
	ActionViewUsers:         {RoleBeheerder, RoleRegisseur},
	ActionManageUsers:       {RoleBeheerder},
	ActionEditApproach:      {RoleBeheerder, RoleRegisseur},
	ActionViewProcessingLog: {RoleFG},
	ActionViewRightsReview:  {RoleBeheerder, RoleFG},
	ActionViewOutbox:        {RoleBeheerder},
	ActionCreateNetwork:     {RoleRegisseur},
	ActionEditCovenant:      {RoleRegisseur},
	ActionDecideTrend:       {RoleRegisseur},
	ActionSubjectRequest:    {RoleFG},
	ActionTransfer:          {RoleSchool},
	ActionViewPlanOverview:  {RoleRegisseur, RoleCoordinator},
	ActionSetPlanApprovers:  {RoleBeheerder},
	ActionEditPlanTemplates: {RoleRegisseur, RoleBeheerder},
	ActionViewDirectory:     {RoleBeheerder, RoleRegisseur, RoleFG, RoleCoordinator, RoleOTSV, RoleSchool, RolePartner},
}

// covenantStaff may read every covenant of their municipality: the
// regisseur, the privacy officer (who checks the clauses), coordinators
// and the OTSV. Others read the covenants their organisation is party to.
var covenantStaff = []string{RoleRegisseur, RoleFG, RoleCoordinator, RoleOTSV}

// inNetwork lists, per network action, the places in the network that may
// do it; the municipality's regisseur may do all of them.
var inNetwork = map[Action][]string{
	ActionViewNetwork:        {PositionMember, FunctionChair, FunctionSecretary},
	ActionManageNetwork:      {FunctionChair},
	ActionRunMeeting:         {FunctionChair, FunctionSecretary},
	ActionProposeItem:        {PositionMember, FunctionChair, FunctionSecretary},
	ActionUpdateAction:       {FunctionChair, FunctionSecretary},
	ActionViewNetworkFigures: {FunctionChair, FunctionSecretary},
	ActionViewCasework:       {PositionMember, FunctionChair, FunctionSecretary},
	ActionEnterSignal:        {PositionMember, FunctionChair, FunctionSecretary},
	ActionDirectCase:         {FunctionChair, FunctionSecretary},
	ActionCompleteSignal:     {FunctionChair, FunctionSecretary},
	ActionRaiseAlert:         {PositionMember, FunctionChair, FunctionSecretary},
}

// rolesWithoutPupilData may never see data about pupils, whatever a clause
// says: administrators, the privacy officer and the national role.
var rolesWithoutPupilData = []string{RoleBeheerder, RoleFG, RoleLandelijk}

// Resource is the record an action is about.
type Resource struct {
	// MunicipalityID is the tenant the record belongs to.
	MunicipalityID string
	// OwnerUserID is the user the record belongs to (a session, a token).
	OwnerUserID string
	// OwnerMunicipalities are the municipalities where the owner has a role;
	// an administrator may act on a user only within their own municipality.
	OwnerMunicipalities []string
	// Role is the role a pupil-data request is made in (AccessOf asks for
	// each role the actor holds in the municipality).
	Role string
	// Parties are the organisations party to a covenant.
	Parties []string
	// InNetwork is the actor's current place in the network the record
	// belongs to: PositionMember (fixed member or deputy), FunctionChair,
	// FunctionSecretary, or "" for someone outside it.
	InNetwork string
	// ReporterOrgID is the organisation that entered the record (a signal).
	ReporterOrgID string
	// SchoolID is the school an incident protocol or checklist is of ("" for
	// the municipality's); SchoolPartners the organisations in its networks.
	SchoolID       string
	SchoolPartners []string
	// Plan is who writes a school safety plan (authz_plan.go).
	Plan *PlanAccess
	// Visibility is who reads a knowledge-bank item (authz_knowledge.go).
	Visibility string
	// Signature is the covenant party whose signature is answered
	// (covenant_signature.go).
	Signature *SignatureAccess
}

// Authorize returns nil when the actor may do action to r, EUNAUTHORIZED when
// nobody is logged in, and otherwise an EFORBIDDEN *Denial, which says what
// was refused so that the refusal is written to the audit trail once.
func Authorize(a *Actor, action Action, r Resource) error {
	err := decide(a, action, r)
	if ErrorCode(err) == EFORBIDDEN {
		return &Denial{Action: action, Resource: r, err: err}
	}
	return err
}

// Denial is a refusal by Authorize. A request that ends in one has every
// denial written to the audit trail exactly once: the store records those
// of its own methods (Recorded then), a handler records the refusals it
// answers itself through DenialRecorder.
type Denial struct {
	Action   Action
	Resource Resource
	// ObjectType and ObjectID name the record refused, when the one who
	// refused knows it (the audit record's object).
	ObjectType, ObjectID string
	// Recorded is set once the denial is in the audit trail.
	Recorded bool
	err      error
}

func (d *Denial) Error() string { return d.err.Error() }
func (d *Denial) Unwrap() error { return d.err }

// DenialOf returns the Denial in err's chain, or nil.
func DenialOf(err error) *Denial {
	var d *Denial
	if errors.As(err, &d) {
		return d
	}
	return nil
}

// DenialRecorder writes refused requests to the audit trail; the store is
// the one writer of denial records, whoever refused.
type DenialRecorder interface {
	// RecordDenied writes one denial record.
	RecordDenied(ctx context.Context, action, objectType, objectID, municipalityID string) error
}

// decide is Authorize's decision, without saying why.
func decide(a *Actor, action Action, r Resource) error {
	if a != nil && a.User == nil && a.System != "" {
		// The platform's own work; it never looks at pupils, and never
		// signs for a party.
		if action == ActionViewPupilData || action == ActionAnswerSignature {
			return forbidden()
		}
		return nil
	}
	if publicKnowledge(action, r) {
		return nil
	}
	if a == nil || a.User == nil || a.User.Disabled {
		return Errorf(EUNAUTHORIZED, "Log in om verder te gaan.")
	}
	switch action {
	case ActionOnboardMunicipality:
		if a.HasRole(RoleLandelijk, "") {
			return nil
		}
	case ActionViewKnowledge, ActionEditKnowledge:
		return decideKnowledge(a, action, r)
	case ActionViewAudit, ActionEditAudit, ActionRespondAudit, ActionEditAuditTemplates:
		return decideAudit(a, action, r)
	case ActionEditTraining, ActionTrainingSessions:
		return decideTraining(a, action, r)
	case ActionReadNewsletters, ActionEditNewsletter:
		return decideNewsletter(a, action, r)
	case ActionHandleStartRequest:
		return decideStart(a)
	case ActionAnswerSignature:
		return decideSignature(a, r)
	case ActionViewCustom, ActionRequestCustom, ActionDecideCustom:
		return decideCustom(a, action, r)
	case ActionFileHelpRequest, ActionViewHelpRequest, ActionHandleHelpRequest, ActionRateHelpRequest, ActionViewHelpDesk:
		return decideHelpDesk(a, action, r)
	case ActionViewAccount:
		if r.OwnerUserID == "" || r.OwnerUserID == a.User.ID {
			return nil
		}
	case ActionEndSession:
		if r.OwnerUserID == a.User.ID {
			return nil
		}
		// An administrator may end the sessions of users of their municipality.
		for _, m := range r.OwnerMunicipalities {
			if a.HasRole(RoleBeheerder, m) {
				return nil
			}
		}
	case ActionViewPupilData:
		// A request always names the municipality of the pupil's record.
		if r.MunicipalityID == "" {
			return forbidden()
		}
		for _, role := range rolesWithoutPupilData {
			if r.Role == role {
				return forbidden()
			}
		}
		if r.Role != "" && a.HasRole(r.Role, r.MunicipalityID) {
			return nil
		}
	case ActionViewSafetyPlan, ActionEditSafetyPlan, ActionEditPlanSection, ActionCommentSafetyPlan, ActionApproveSafetyPlan:
		return decidePlan(a, action, r)
	case ActionViewCovenant:
		if r.MunicipalityID == "" {
			return forbidden()
		}
		for _, m := range a.User.Memberships {
			if m.MunicipalityID != r.MunicipalityID {
				continue
			}
			for _, role := range covenantStaff {
				if m.Role == role {
					return nil
				}
			}
			for _, org := range r.Parties {
				if m.OrganisationID != "" && m.OrganisationID == org {
					return nil
				}
			}
		}
	case ActionViewNetwork, ActionManageNetwork, ActionRunMeeting, ActionProposeItem, ActionUpdateAction, ActionViewNetworkFigures,
		ActionEnterSignal, ActionDirectCase, ActionRaiseAlert, ActionViewCasework, ActionCompleteSignal:
		if r.MunicipalityID == "" {
			return forbidden()
		}
		if a.HasRole(RoleRegisseur, r.MunicipalityID) {
			return nil
		}
		// Only someone who still works in the municipality acts in its networks.
		if len(a.rolesIn(r.MunicipalityID)) == 0 {
			return forbidden()
		}
		// The owner of an action item reports its progress.
		// The owner of an action item reports its progress; the owner of a
		// case (regiehouder) directs it.
		if (action == ActionUpdateAction || action == ActionDirectCase) && r.OwnerUserID != "" && r.OwnerUserID == a.User.ID {
			return nil
		}
		// Who entered a signal completes it, as long as they work in its network.
		if action == ActionCompleteSignal && r.InNetwork != "" && a.worksFor(r.MunicipalityID, r.ReporterOrgID) {
			return nil
		}
		for _, place := range inNetwork[action] {
			if r.InNetwork == place {
				return nil
			}
		}
	case ActionViewProtocol, ActionEditProtocol, ActionViewChecklist, ActionEditChecklist:
		if r.MunicipalityID == "" {
			return forbidden()
		}
		return decideProtocol(a, action, r)
	default:
		if r.MunicipalityID == "" {
			return forbidden()
		}
		for _, role := range rolesFor[action] {
			if a.HasRole(role, r.MunicipalityID) {
				return nil
			}
		}
	}
	return forbidden()
}

// MayManageUser reports whether an administrator may change the account of a
// user as a whole (disable it): only when every role of that user lies in a
// municipality the administrator manages. Otherwise they can only take away
// the roles in their own municipality.
func MayManageUser(a *Actor, ownerMunicipalities []string) bool {
	if len(ownerMunicipalities) == 0 {
		return false
	}
	for _, m := range ownerMunicipalities {
		if decide(a, ActionManageUsers, Resource{MunicipalityID: m}) != nil {
			return false
		}
	}
	return true
}

// worksFor reports whether the actor holds a role for the organisation in
// the municipality.
func (a *Actor) worksFor(municipalityID, organisationID string) bool {
	for _, m := range a.User.Memberships {
		if organisationID != "" && m.MunicipalityID == municipalityID && m.OrganisationID == organisationID {
			return true
		}
	}
	return false
}

// rolesIn returns the roles the actor holds in the municipality.
func (a *Actor) rolesIn(municipalityID string) []string {
	var roles []string
	for _, m := range a.User.Memberships {
		if m.MunicipalityID == municipalityID {
			roles = append(roles, m.Role)
		}
	}
	return roles
}

func forbidden() error {
	return Errorf(EFORBIDDEN, "U heeft geen toegang tot deze gegevens.")
}
