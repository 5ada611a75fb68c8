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

    /// The campaign whose reach is shown: this list's, or the year's main one.
    var reachCampaign: (id: Int64, title: String)? {
        if let campaign { return campaign }
        return ((try? context.store.mainCampaign(year: context.outreachYear)) ?? nil)
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
        // Read once per change of the data, not on every frame.
        let line = context.cached("outreachHeadline.\(campaign?.id ?? 0)") { () -> String in
            guard let campaign = reachCampaign, let reach = (try? context.store.campaignReach(campaignID: campaign.id, today: context.today)) ?? nil else {
                return "No campaign for \(context.outreachYear) yet"
            }
            return ReachView.headline(reach)
        }
        return line
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

    static func open(campaignID: Int64, _ context: AppContext) -> Effect {
        // Read once per change of the data and kept (10,000 events at 1,800 schools is over a frame).
        let read = { () -> [String]? in
            context.cached("outreachReach.\(campaignID)") { () -> [String]? in
                ((try? context.store.campaignReach(campaignID: campaignID, today: context.today)) ?? nil).map(lines)
            }
        }
        guard let shown = read(), let title = ((try? context.store.campaigns()) ?? []).first(where: { $0.id == campaignID }) else {
            return .error("The campaign could not be read; it may have been deleted.")
        }
        return .push(TextScreen(title: "Reach — \(title.title) \(title.year)", lines: shown, context, reload: read))
    }

    static func lines(_ reach: CampaignReach) -> [String] {
        let c = OutreachRules.count
        var lines = [
            reach.goal.map { "\(c(reach.families)) of \(c($0)) families reached (\(OutreachRules.percentText(reach.percentOfGoal)) of the goal)." }
                ?? "\(c(reach.families)) families reached; the campaign has no goal set.",
            "\(c(reach.events)) events, \(c(reach.uncounted)) not counted yet · \(c(reach.schoolsWithoutEvent)) of \(c(reach.schools.count)) schools have held no event.",
            "",
            DisplayWidth.fit("School", to: 30) + "Events".leftPad(7) + "Families".leftPad(9) + "Not counted".leftPad(12),
        ]
        for s in reach.ordered {
            // Kept within the box's width (72 at 80 columns): longer lines would wrap and lose their columns.
            lines.append(DisplayWidth.fit("\(s.code) \(s.name)", to: 30) + c(s.events).leftPad(7) + c(s.families).leftPad(9)
                         + (s.uncounted > 0 ? c(s.uncounted) : "").leftPad(12) + (s.events == 0 ? "  no event yet" : ""))
        }
        return lines
    }
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

    func open(_ row: TableRow, in list: ListScreen) -> Effect {
        .push(ListScreen(EventsList(context, campaign: (row.id, row.cells[1])), context))
    }
}
