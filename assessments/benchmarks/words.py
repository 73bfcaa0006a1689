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
