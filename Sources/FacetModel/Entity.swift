/// The kinds of records Facet keeps, by name. Screens and the access policy speak of entities, not
/// of table-name strings; the store maps each to its table.
public enum Entity: String, CaseIterable, Sendable {
    case schools, employees, partners, partnerships
    case partnershipSchools = "partnership_schools"
    case partnershipPriorityAreas = "partnership_priority_areas"
    case partnershipConfirmations = "partnership_confirmations"
    case policyCriteria = "policy_criteria"
    case priorityAreas = "priority_areas"
    case schoolYears = "school_years"
    case frameworks, standards, indicators, surveys, users
    case userSchools = "user_schools"
    case partnerVisits = "partner_visits"
    case familyContacts = "family_contacts"
    case pdCourses = "pd_courses"
    case pdSessions = "pd_sessions"
    case pdEnrollments = "pd_enrollments"
    case pdSettings = "pd_settings"
    case surveyQuestions = "survey_questions"
    case surveyTexts = "survey_texts"
    case surveyWaves = "survey_waves"
    case surveyWaveSchools = "survey_wave_schools"
    case surveyResponses = "survey_responses"
    case kioskPins = "kiosk_pins"
    case kioskPinAttempts = "kiosk_pin_attempts"
    case selfAssessments = "self_assessments"
    case sipStrategies = "sip_strategies"
    case convenings
    case conveningFollowUps = "convening_follow_ups"
    case serviceModel = "service_model"
    case metricTargets = "metric_targets"
    case campaigns
    case outreachEvents = "outreach_events"
    case conferences
    case toolkitResources = "toolkit_resources"
    case launchSteps = "launch_steps"
    case launchMilestones = "launch_milestones"

    /// The table the records live in.
    public var table: String { rawValue }

    /// Who looks after records of this kind.
    public var kind: RecordKind { RecordKind.of(table: table) }
}
