import FacetModel
import FacetStore
import TermUI

/// Pane 6: family outreach and the plan itself — the campaign's events and reach by school,
/// parent conferences and their participation, the family toolkit and its gaps, and the plan's
/// launch steps with their milestones and evidence.
final class OutreachPane: Pane {
    let title = "Outreach"
    private let context: AppContext

    init(_ context: AppContext) { self.context = context }

    func makeRootScreen() -> Screen { ListScreen(EventsList(context, campaign: nil), context) }

    func editor(for entity: Entity) -> RecordEditor? {
        switch entity {
        case .outreachEvents: return OutreachEditors.event(context, campaignID: nil)
        case .campaigns: return OutreachEditors.campaign(context)
        case .conferences: return OutreachEditors.conference(context)
        case .toolkitResources: return OutreachEditors.resource(context)
        case .launchSteps: return OutreachEditors.launchStep(context)
        default: return nil
        }
    }
}

extension Action {
    static let outreachCampaigns = Action("outreach.campaigns"), outreachReach = Action("outreach.reach")
    static let outreachConferences = Action("outreach.conferences"), outreachParticipation = Action("outreach.participation")
    static let outreachToolkit = Action("outreach.toolkit"), outreachGaps = Action("outreach.gaps")
    static let outreachSteps = Action("outreach.steps"), outreachProgress = Action("outreach.progress")
    static let outreachEvents = Action("outreach.events"), outreachMilestones = Action("outreach.milestones")
}

/// The year the pane measures: the school year of today.
extension AppContext {
    var outreachYear: String { SelfAssessmentRules.schoolYear(of: today) }
}

/// Campaign events (every campaign's, or one campaign's): Enter opens an event, where attendance
/// is logged by language; the header shows the campaign's reach against its goal.
final class EventsList: ListController {
    static let context = "Outreach"
    let title: String
    let parentTitle: String?
    let noun = "event"
    let entity = Entity.outreachEvents
    let editorEntity: Entity? = .outreachEvents
    let columnLayout: [(width: TableColumn.Width, alignment: Alignment)] = [
        (.fixed(10), .left), (.fixed(7), .left), (.flex(weight: 2, min: 22), .left), (.fixed(10), .left), (.fixed(11), .right),
        (.flex(weight: 1, min: 10), .left),
    ]
    let context: AppContext
    /// The campaign shown, or nil for every campaign's events (the reach is then the year's main campaign's).
    let campaign: (id: Int64, title: String)?

    init(_ context: AppContext, campaign: (id: Int64, title: String)?) {
        self.context = context
        self.campaign = campaign
        title = campaign?.title ?? "Campaign events"
        parentTitle = campaign == nil ? nil : "Campaigns"
    }

    func makeList() -> PagedList { context.store.eventList(campaignID: campaign?.id, today: context.today) }
    func makeEditor() -> RecordEditor? { OutreachEditors.event(context, campaignID: campaign?.id) }

    var bindings: [KeyBinding<Action>] {
        let c = Self.context
        var all = [KeyBinding(Action.outreachReach, keys: [.char("r")], label: "reach by school", context: c)]
        if campaign == nil {
            all += [
                KeyBinding(.outreachCampaigns, keys: [.char("c")], label: "campaigns", context: c),
                KeyBinding(.outreachConferences, keys: [.char("f")], label: "conferences", context: c),
                KeyBinding(.outreachToolkit, keys: [.char("t")], label: "toolkit", context: c),
                KeyBinding(.outreachSteps, keys: [.char("l")], label: "launch steps", context: c),
            ]
        }
        return all
    }

    /// The campaign whose reach is shown: this list's, or the year's main one (read once per change of the data).
    var reachCampaign: (id: Int64, title: String)? {
        if let campaign { return campaign }
        let year = context.outreachYear
        return context.cached("outreachMainCampaign.\(year)") { ((try? context.store.mainCampaign(year: year)) ?? nil) }
    }

    func perform(_ action: Action, in list: ListScreen) -> Effect {
        switch action {
        case .outreachReach:
            guard let campaign = reachCampaign else { return .status("No campaign for \(context.outreachYear) yet; c lists the campaigns.") }
            return ReachView.open(campaignID: campaign.id, context)
        case .outreachCampaigns: return .push(ListScreen(CampaignsList(context), context))
        case .outreachConferences: return .push(ListScreen(ConferencesList(context), context))
        case .outreachToolkit: return .push(ListScreen(ToolkitList(context), context))
        case .outreachSteps: return .push(ListScreen(LaunchStepsList(context), context))
        default: return .none
        }
    }

    func headline(_ list: ListScreen) -> String? {
        // The reach `r` shows, read once per change of the data: the header and the view share it.
        guard let campaign = reachCampaign, let reach = ReachView.reach(campaignID: campaign.id, context) else {
            return "No campaign for \(context.outreachYear) yet"
        }
        return context.cached("outreachHeadline.\(campaign.id)") { ReachView.headline(reach) }
    }

    /// The reach `r` opens, drawn unseen between keys: its first open orders every school. From the
    /// pane's first list, also the views two keys away whose reads take longer than the moment
    /// between two keys (`f` `p`, `l` `v`): on background threads, so they are ready by then.
    func prepareAhead(_ list: ListScreen) -> Bool {
        if campaign == nil {
            // One thread reads both, one after the other: one more connection's page cache, not two.
            _ = context.readAhead([ParticipationView.readingAhead(context), ProgressView.readingAhead(context)])
        }
        guard let campaign = reachCampaign else { return false }
        return context.drawUnseen("outreachReach.\(campaign.id)") { ReachView.open(campaignID: campaign.id, context) }
    }
}

/// A campaign's reach: families against the goal, and each school's events and families, the
/// schools with no event yet first.
enum ReachView {
    static func headline(_ reach: CampaignReach) -> String {
        let c = OutreachRules.count
        let goal = reach.goal.map { " of \(c($0))" } ?? ""
        let percent = reach.goal == nil ? "" : " (\(OutreachRules.percentText(reach.percentOfGoal)))"
        return "Reach \(c(reach.families))\(goal) families\(percent) · \(c(reach.schoolsWithoutEvent)) schools no event"
    }

    /// A campaign's reach, read once per change of the data (and of the day: events held before
    /// today without attendance are "not counted yet"); nil when it could not be read.
    static func reach(campaignID: Int64, _ context: AppContext) -> CampaignReach? {
        let today = context.today
        return context.cached("outreachReach.\(campaignID).\(today)") { () -> CampaignReach? in
            (try? context.store.campaignReach(campaignID: campaignID, today: today)) ?? nil
        }
    }

    /// The heading lines, then a line per school, paged: a frame formats only the schools on
    /// screen (1,800 lines made and measured on every open were most of a frame).
    static func read(campaignID: Int64, _ context: AppContext) -> (title: String, lines: [String], paged: TextScreen.PagedLines)? {
        guard let reach = reach(campaignID: campaignID, context) else { return nil }
        let ordered = context.cached("outreachReachOrder.\(campaignID).\(context.today)") { reach.ordered }
        return ("Reach — \(reach.title) \(reach.schoolYear)", heading(reach),
                TextScreen.PagedLines(count: ordered.count) { range in ordered[range].map(line) })
    }

    static func open(campaignID: Int64, _ context: AppContext) -> Effect {
        guard let shown = read(campaignID: campaignID, context) else {
            return .error("The campaign could not be read; it may have been deleted.")
        }
        return .push(TextScreen(title: shown.title, lines: shown.lines, paged: shown.paged, context) {
            read(campaignID: campaignID, context).map { ($0.lines, $0.paged) }
        })
    }

    static func heading(_ reach: CampaignReach) -> [String] {
        let c = OutreachRules.count
        return [
            reach.goal.map { "\(c(reach.families)) of \(c($0)) families reached (\(OutreachRules.percentText(reach.percentOfGoal)) of the goal)." }
                ?? "\(c(reach.families)) families reached; the campaign has no goal set.",
            "\(c(reach.events)) events, \(c(reach.uncounted)) not counted yet · \(c(reach.schoolsWithoutEvent)) of \(c(reach.schools.count)) schools have held no event.",
            "",
            DisplayWidth.fit("School", to: 30) + "Events".leftPad(7) + "Families".leftPad(9) + "Not counted".leftPad(12),
        ]
    }

    static func line(_ s: SchoolReach) -> String {
        let c = OutreachRules.count
        // Kept within the box's width (72 at 80 columns): longer lines would wrap and lose their columns.
        return DisplayWidth.fit("\(s.code) \(s.name)", to: 30) + c(s.events).leftPad(7) + c(s.families).leftPad(9)
            + (s.uncounted > 0 ? c(s.uncounted) : "").leftPad(12) + (s.events == 0 ? "  no event yet" : "")
    }

    /// Every line of the view, the schools' too (what the paged view shows, for tests).
    static func lines(_ reach: CampaignReach) -> [String] { heading(reach) + reach.ordered.map(line) }
}

/// Campaigns: an admin adds one for a school year with its goal; Enter lists its events.
final class CampaignsList: ListController {
    static let context = "Campaigns"
    let title = "Campaigns"
    let parentTitle: String? = "Outreach"
    let noun = "campaign"
    let entity = Entity.campaigns
    let editorEntity: Entity? = .campaigns
    let columnLayout: [(width: TableColumn.Width, alignment: Alignment)] = [
        (.fixed(7), .left), (.flex(weight: 1, min: 30), .left), (.fixed(7), .right), (.fixed(9), .right), (.fixed(7), .right),
    ]
    let context: AppContext

    init(_ context: AppContext) { self.context = context }

    func makeList() -> PagedList { context.store.campaignList() }
    func makeEditor() -> RecordEditor? { OutreachEditors.campaign(context) }

    var bindings: [KeyBinding<Action>] {
        [KeyBinding(.outreachReach, keys: [.char("r")], label: "reach by school", context: Self.context),
         KeyBinding(.outreachEvents, keys: [.char("v")], label: "edit campaign", context: Self.context, showInStatus: false)]
    }

    func perform(_ action: Action, in list: ListScreen) -> Effect {
        switch action {
        case .outreachReach: return list.withSelection { ReachView.open(campaignID: $0.id, context) }
        case .outreachEvents: return list.withSelection { list.openRecord($0) }
        default: return .none
        }
    }

    /// The selected campaign's reach (`r`), drawn unseen between keys.
    func prepareAhead(_ list: ListScreen) -> Bool {
        guard let id = list.selectedRow?.id else { return false }
        return context.drawUnseen("outreachReach.\(id)") { ReachView.open(campaignID: id, context) }
    }

    func open(_ row: TableRow, in list: ListScreen) -> Effect {
        .push(ListScreen(EventsList(context, campaign: (row.id, row.cells[1])), context))
    }
}
