"""Names and texts the national data generator draws from."""

PLACES = [
    "Cheshire and Merseyside", "Greater Manchester", "Lancashire and South Cumbria",
    "North East and North Cumbria", "West Yorkshire", "Humber and North Yorkshire",
    "South Yorkshire", "Birmingham and Solihull", "Black Country", "Coventry and Warwickshire",
    "Derby and Derbyshire", "Herefordshire and Worcestershire", "Leicester, Leicestershire "
    "and Rutland", "Lincolnshire", "Northamptonshire", "Nottingham and Nottinghamshire",
    "Shropshire, Telford and Wrekin", "Staffordshire and Stoke-on-Trent", "Bedfordshire, "
    "Luton and Milton Keynes", "Cambridgeshire and Peterborough", "Hertfordshire and West "
    "Essex", "Mid and South Essex", "Norfolk and Waveney", "Suffolk and North East Essex",
    "North Central London", "North East London", "North West London", "South East London",
    "South West London", "Buckinghamshire, Oxfordshire and Berkshire West", "Frimley",
    "Hampshire and Isle of Wight", "Kent and Medway", "Surrey Heartlands", "Sussex",
    "Bath and North East Somerset, Swindon and Wiltshire", "Bristol, North Somerset and South "
    "Gloucestershire", "Cornwall and the Isles of Scilly", "Devon", "Dorset", "Gloucestershire",
    "Somerset",
]  # fmt: skip
FIRST_NAMES = ["Alex", "Sam", "Priya", "Tom", "Aisha", "Jo", "Kwame", "Ewa", "Rhys", "Mei"]
LAST_NAMES = ["Patel", "Smith", "Okafor", "Jones", "Nowak", "Khan", "Evans", "Chen", "Brown"]
EVIDENCE = [
    "Minutes of the {year} Mental Health Partnership Board show experts-by-experience voting.",
    "Peer reviewers joined {n} quality visits in {year}.",
    "The lived-experience panel met monthly through {year}; terms of reference attached.",
    "Survey of {n}0 people who use services fed into the {year} specification.",
    "Experts-by-experience scored bids for the community recovery service in {year}.",
    "Feedback from the carers' network was reported to the Board in {year}.",
    "Experience-based co-design of the crisis pathway, {n} workshops in {year}.",
]
ACTION_TEXT = [
    "Pay experts-by-experience for their time at {name}",
    "Agree terms of reference with the lived-experience panel for {name}",
    "Report progress on {name} to the Board every quarter",
    "Recruit two more experts-by-experience for {name}",
    "Train commissioners in co-production before {name}",
    "Ask the local Mind how to make {name} routine",
]
OWNERS = [
    "Head of mental health commissioning",
    "Involvement lead",
    "Deputy director of strategy",
    "Contracts manager",
    "Patient experience manager",
    "",
]
# The impact ledger and co-design projects (``national_impact``).
SAID = [
    "There is nowhere to go in the evening when you feel yourself getting worse.",
    "The crisis line keeps you on hold for too long.",
    "Carers are not told when the person they care for is discharged.",
    "We tell our story again and again to every new worker.",
    "The waiting list for talking therapies is too long to bear.",
    "Young people moving to adult services feel dropped.",
    "The ward does not explain how to make a complaint.",
    "Letters are full of jargon and we do not know what they mean.",
    "Appointments are only in the city centre and the bus takes two hours.",
    "People from our community do not see themselves in the staff.",
    "Peer support helped more than anything else, and then it stopped.",
    "Nobody asked us before the day service was closed.",
    "We want to be paid for our time like everyone else at the table.",
    "The discharge plan was written without us.",
]
# (source, the Grid activity it was, the service area it was about or None)
SOURCES = [
    ("Crisis care user group", "mental-health-user-group", "crisis"),
    ("Carers' forum", "local-user-and-voluntary-groups", None),
    ("Annual listening event", "regular-engagement-event", None),
    (
        "Survey of people who use talking therapies",
        "surveys-and-questionnaires",
        "primary-care-iapt",
    ),
    ("Quality visit to an inpatient ward", "quality-visits-to-services", "urgent-acute"),
    ("Stakeholder reference group", "advisory-forums", None),
    ("Review of complaints", "analysis-of-complaints", None),
    ("Young people's participation group", "mental-health-user-group", "children-young-people"),
    ("Interviews with people who use the service", "interviews-with-service-users", None),
    ("Partnership Board", "member-of-decision-making-forums", None),
    ("Community drop-in", "ad-hoc-engagement-events", "non-clinical-support"),
]
DID_DECISION = [
    "The Board changed its plan for next year to make this a priority.",
    "The service specification was rewritten with the group.",
    "The contract now asks the provider to report on this every quarter.",
    "The funding for peer support was kept in next year's budget.",
    "Experts-by-experience are now paid for their time at every meeting.",
]
DID_SERVICE = [
    "The provider added evening and weekend hours.",
    "The service now calls carers before discharge, when the person agrees.",
    "Letters were rewritten in plain English with the user group.",
    "A second clinic opened in the market town.",
    "Peer support workers joined the team on every shift.",
]
NOT_ACTED_REASONS = [
    "The budget for this year is set; we will look again when the contract is renewed.",
    "It is the provider's decision, not ours; we passed it to them.",
    "National rules do not allow this change.",
    "Other priorities came first this year; it is in next year's plan.",
]
# (title, the service area, what changed)
PROJECTS = [
    (
        "Crisis café",
        "crisis",
        "A crisis café opened, open every evening, with peer support workers.",
    ),
    (
        "Discharge from inpatient wards",
        "urgent-acute",
        "Every discharge plan is now written with the person and their carer.",
    ),
    (
        "Early help for psychosis",
        "psychosis",
        "People are seen within two weeks of being referred.",
    ),
    (
        "Talking therapies for older people",
        "primary-care-iapt",
        "Sessions are offered at home and by phone.",
    ),
    (
        "Moving to adult services",
        "children-young-people",
        "Young people meet their adult worker six months before they move.",
    ),
    (
        "Recovery college in the towns",
        "wellbeing-recovery-peer",
        "Courses now run in three market towns.",
    ),
    (
        "Community mental health hub",
        "non-clinical-support",
        "A walk-in hub opened with housing and debt advice.",
    ),
]
PHASE_NOTES = {
    "set-up": "Steering group agreed the aims.",
    "staff-experiences": "Watched the service and talked with staff.",
    "patient-carer-experiences": "Filmed interviews with people who use the service and carers.",
    "joint-event": "Watched the film together and chose what to improve.",
    "co-design-teams": "Small groups of staff and patients met every two weeks.",
    "celebration-review": "Celebrated what changed and agreed what comes next.",
}
