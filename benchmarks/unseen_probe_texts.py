"""Hand-written texts of the development probe of benchmarks/unseen_probe.py: document kinds
that appear nowhere in the corpus, written for the probe (nothing from ../shared).

Each entry is (kind, expectation, text). Expectation "unseen": a kind no class covers, which
must go to out_of_scope or review. "arguable:LABEL": a kind that a reader could file under a
known class (a lease is a contract), reported apart. Generated kinds (gibberish, tables,
logs...) are built in benchmarks/unseen_probe.py.
"""

from __future__ import annotations

UNSEEN = "unseen"

WRITTEN: list[tuple[str, str, str]] = [
    # recipes
    (
        "recipe",
        UNSEEN,
        """Lemon Drizzle Cake
Serves 8. Prep 20 minutes, bake 45 minutes.
Ingredients: 225g softened butter, 225g caster sugar, 4 eggs, zest of 1 lemon, 225g self-raising
flour. For the drizzle: juice of 1.5 lemons, 85g caster sugar.
Method: Heat the oven to 180C. Beat the butter and sugar until pale and creamy, then add the eggs
one at a time, mixing well. Fold in the flour and the zest. Spoon into a lined loaf tin and bake
until a skewer comes out clean. Mix the lemon juice and sugar and pour over the warm cake.""",
    ),
    (
        "recipe",
        UNSEEN,
        """Weeknight chicken curry. Fry one chopped onion in two tablespoons of oil
until golden, add three cloves of garlic, a thumb of ginger and two tablespoons of curry paste.
Stir for a minute, add 500 g of diced chicken thighs and brown them. Pour in a tin of chopped
tomatoes and 200 ml of coconut milk, simmer for 25 minutes, season with salt and a squeeze of lime
and scatter over fresh coriander. Serve with basmati rice or warm naan bread.""",
    ),
    (
        "recipe",
        UNSEEN,
        """GRANDMA'S PANCAKES
1 1/2 cups flour, 3 1/2 tsp baking powder, 1 tbsp sugar, 1/4 tsp salt, 1 1/4 cups milk, 1 egg,
3 tbsp melted butter.
1. Sift the flour, baking powder, sugar and salt into a large bowl.
2. Make a well in the centre and pour in the milk, egg and butter; whisk until smooth.
3. Heat a lightly oiled griddle over medium high heat. Pour 1/4 cup of batter per pancake.
4. Brown on both sides and serve hot with maple syrup and blueberries.""",
    ),
    (
        "recipe",
        UNSEEN,
        """Slow cooker beef stew: brown 1 kg of chuck steak in batches, add carrots,
celery, potatoes, a bay leaf, thyme, two tablespoons of tomato puree and 750 ml of beef stock.
Cook on low for eight hours. Thicken with a little cornflour and serve with crusty bread.""",
    ),
    # poems and lyrics
    (
        "poem",
        UNSEEN,
        """The river keeps its secrets in the stones,
and morning lays its silver on the reeds;
I walked along the water all alone
and counted every swallow, every seed.
O patient light, that finds the willow's bones,
teach me the quiet that the heron needs.""",
    ),
    (
        "poem",
        UNSEEN,
        """Autumn wind at dusk
a crow settles on the fence
the kettle whistles

Snow on the cedar
my father's boots by the door
no one walks today""",
    ),
    (
        "song_lyrics",
        UNSEEN,
        """Verse 1:
Drivin' down the highway with the radio on loud
Your picture on the dashboard, my head up in the clouds
Chorus:
Oh baby come home, come home tonight
The porch light's on and the stars are bright
Oh baby come home, don't say goodbye
I'll be waiting here till the morning light
Verse 2:
The coffee's getting cold and the dog is fast asleep
I made a lot of promises I never thought I'd keep""",
    ),
    (
        "song_lyrics",
        UNSEEN,
        """We are the dreamers of the neon night, la la la
dancing on the rooftops till the morning light
hands up, hands up, everybody sing
we are the dreamers, we can do anything
hands up, hands up, let the music play
we are the dreamers and we're here to stay""",
    ),
    # chat transcripts
    (
        "chat",
        UNSEEN,
        """[09:14] alex: morning! did you push the fix for the login page?
[09:15] sam: yep, it's on the staging branch, can you take a look
[09:15] alex: on it
[09:21] alex: looks good, but the button is misaligned on mobile
[09:22] sam: ugh, css again. will fix after standup
[09:22] alex: no rush :) also lunch at 12?
[09:23] sam: sure, tacos?""",
    ),
    (
        "chat",
        UNSEEN,
        """Customer: Hi, my order hasn't arrived yet, it's been 10 days.
Agent: Hello! I'm sorry to hear that. Could you share your order number please?
Customer: It's 4471-2209.
Agent: Thank you. I can see the parcel is held at the local depot due to a missing door number.
Customer: Oh! Can you redeliver it?
Agent: Of course, I've booked redelivery for tomorrow between 9am and 1pm. Anything else?
Customer: No that's all, thanks for your help.
Agent: You're welcome, have a great day!""",
    ),
    (
        "chat",
        UNSEEN,
        """mum: are you coming for dinner sunday
me: yes!! can I bring something
mum: a dessert maybe, your aunt is coming too
me: ok I'll make tiramisu
mum: lovely x
me: what time
mum: 1ish""",
    ),
    # tweets / social posts
    (
        "social_post",
        UNSEEN,
        """Just finished my first marathon!!! 4:12:33 and my legs are jelly
but I did it 🏃‍♀️🎉 Thank you to everyone who cheered at mile 20 #marathon #running
#neverquit""",
    ),
    (
        "social_post",
        UNSEEN,
        """hot take: pineapple on pizza is actually good and I will not be
taking questions at this time 🍍🍕""",
    ),
    (
        "social_post",
        UNSEEN,
        """Our little café turns 5 today! 🎂 Come by for a free cookie with any
coffee all weekend. Thank you for all the love, neighbours ❤️ #smallbusiness #coffee""",
    ),
    (
        "social_post",
        UNSEEN,
        """Can anyone recommend a good plumber in the Riverside area? Kitchen tap
has been dripping for a week and it's driving me mad. Thanks in advance!""",
    ),
    # product reviews
    (
        "product_review",
        UNSEEN,
        """★★★★☆ Great headphones for the price
The noise cancelling is surprisingly good on the train and the battery easily lasts a week of
commuting. The ear cushions get a bit warm after two hours and the app is clunky, but the sound
is warm and detailed. Would buy again.""",
    ),
    (
        "product_review",
        UNSEEN,
        """1 star. The blender broke after three uses. The lid does not seal
properly so smoothie went all over my kitchen. Customer service never replied to my emails. Do
not waste your money on this product.""",
    ),
    (
        "product_review",
        UNSEEN,
        """We stayed three nights at the hotel. The room was clean and the
bed comfortable, breakfast had plenty of choice and the staff at reception were friendly. The
pool was smaller than in the photos and the wifi was slow in the evenings. Good value overall.""",
    ),
    # marketing copy
    (
        "marketing",
        UNSEEN,
        """Meet the all-new AeroGlide 3. Lighter than ever, smarter than ever.
With our patented cushioning foam and breathable knit upper, every step feels like a cloud.
Available in six bold colours. Order today and get free shipping and 30-day free returns. Run
further. Run faster. Run AeroGlide.""",
    ),
    (
        "marketing",
        UNSEEN,
        """Summer Sale! Up to 50% off sofas, armchairs and garden furniture.
Hurry, offer ends Sunday. Visit your nearest store or shop online. Interest-free credit
available on orders over 500. Terms apply.""",
    ),
    (
        "marketing",
        UNSEEN,
        """Transform your mornings with FreshBrew, the smart coffee maker that
learns your taste. Schedule your brew from your phone, choose from 12 strengths and wake up to
the perfect cup. Join over 100,000 happy coffee lovers.""",
    ),
    # meeting minutes
    (
        "meeting_minutes",
        UNSEEN,
        """Parent Teacher Association - Minutes of meeting, 3 March
Present: chair, treasurer, secretary and nine members. Apologies: two.
1. Minutes of the last meeting were approved.
2. Treasurer's report: the spring fair raised 1,240; the balance stands at 3,870.
3. Playground equipment: quotes from three suppliers to be compared before the next meeting.
4. Summer disco: agreed for 12 July; volunteers needed for the tuck shop.
Action points: secretary to circulate the quotes; chair to contact the headteacher.
Next meeting: 7 April at 7pm in the school library.""",
    ),
    (
        "meeting_minutes",
        UNSEEN,
        """Engineering weekly sync
Attendees: platform team, mobile team, QA
- Release 2.4 slipped by one week because of the payment SDK upgrade.
- QA reports 14 open bugs, 3 blockers; owners assigned.
- Decision: freeze new features until the blockers are closed.
- Mobile team to demo the new onboarding flow on Thursday.
Action items: platform to fix the flaky integration tests; QA to update the regression plan.""",
    ),
    (
        "meeting_minutes",
        UNSEEN,
        """Minutes of the Allotment Society committee. The committee
discussed the water supply to plots 12 to 20, the annual show and the rising cost of manure.
It was resolved to raise the annual subscription by five pounds. The show will be held on the
last Saturday of August. There being no other business the meeting closed at 8.45pm.""",
    ),
    # job postings
    (
        "job_posting",
        UNSEEN,
        """We're hiring: Senior Backend Engineer (remote, EU time zones)
About the role: you will design and build the APIs that power our logistics platform.
Requirements: 5+ years of Python or Go, experience with PostgreSQL and Kubernetes, strong
communication skills. Nice to have: event-driven architecture, Kafka.
We offer: competitive salary, equity, 30 days of holiday, a learning budget and flexible hours.
Apply with your CV and a short note about a project you are proud of.""",
    ),
    (
        "job_posting",
        UNSEEN,
        """Part-time barista wanted for a busy city-centre coffee shop. Weekend
shifts, 16 hours a week. Experience preferred but full training provided. Must be friendly,
reliable and able to work under pressure. Free coffee and staff discounts. Drop in with your CV.""",
    ),
    (
        "job_posting",
        UNSEEN,
        """Job title: Warehouse Operative. Location: Northfield distribution
centre. Hours: 40 per week, rotating shifts. Responsibilities include picking and packing orders,
loading vehicles and keeping the warehouse tidy. Forklift licence an advantage. Immediate start.""",
    ),
    # school essays
    (
        "school_essay",
        UNSEEN,
        """My Summer Holiday
This summer I went to the seaside with my family. We stayed in a caravan near the beach. Every
day we built sandcastles and swam in the sea, even though it was very cold. One day we went on a
boat trip and saw seals lying on the rocks. My favourite part was eating fish and chips on the
harbour wall. I hope we can go back next year.""",
    ),
    (
        "school_essay",
        UNSEEN,
        """The Causes of the First World War
There were many causes of the First World War. Historians often use the acronym MAIN:
militarism, alliances, imperialism and nationalism. The assassination of Archduke Franz
Ferdinand in 1914 was the spark, but tensions had been building for decades. In conclusion, the
war was caused by a combination of long-term factors and a short-term trigger.""",
    ),
    (
        "school_essay",
        UNSEEN,
        """Should homework be banned? Some people think that homework is
important because it helps students practise what they learned in class. Others argue that
children need time to relax, play sport and spend time with their families. In my opinion,
homework should be limited to thirty minutes a night so that students can have a balanced life.""",
    ),
    # scientific abstracts (non-clinical)
    (
        "science_abstract",
        UNSEEN,
        """Abstract. We present a new method for estimating the thermal
conductivity of porous sandstones from X-ray micro-tomography images. A lattice Boltzmann
solver is applied to segmented pore networks of 42 samples, and the predicted conductivities
agree with laboratory measurements within 8%. The approach reduces the need for costly
experiments and can be extended to carbonate rocks.""",
    ),
    (
        "science_abstract",
        UNSEEN,
        """Graph neural networks have achieved strong results on molecular
property prediction, yet their behaviour under distribution shift remains poorly understood. We
introduce a benchmark of 12 datasets with scaffold and size splits and show that simple
ensembling improves calibration by 30% while message-passing depth has little effect. Code and
data are publicly available.""",
    ),
    (
        "science_abstract",
        UNSEEN,
        """We report observations of the migratory timing of the barn
swallow across 25 years at three European sites. Arrival dates advanced by 0.3 days per year,
correlated with spring temperatures along the flyway. These results suggest that long-distance
migrants can partly track climate change.""",
    ),
    # patents
    (
        "patent",
        UNSEEN,
        """A folding bicycle frame comprising: a front frame member; a rear frame
member pivotally connected to the front frame member by a hinge assembly; and a locking lever
operable to secure the hinge assembly in an unfolded position, wherein the locking lever
comprises a cam surface engaging a detent on the rear frame member.
2. The folding bicycle frame of claim 1, wherein the hinge assembly is formed of aluminium alloy.
3. The folding bicycle frame of claim 1, further comprising a magnetic latch.""",
    ),
    (
        "patent",
        UNSEEN,
        """BACKGROUND OF THE INVENTION. The present invention relates to
beverage containers and more particularly to a lid with an integrated straw that retracts when
the lid is closed. Prior art lids require the user to remove the straw before closing.
SUMMARY OF THE INVENTION. It is an object of the invention to provide a lid in which the straw
is biased by a spring into a retracted position.""",
    ),
    # user manuals
    (
        "user_manual",
        UNSEEN,
        """Getting started with your robot vacuum
1. Place the charging dock against a wall with 0.5 m of clear space on each side.
2. Press and hold the power button for 3 seconds until the light turns blue.
3. Download the app and follow the on-screen instructions to connect to your Wi-Fi network.
Troubleshooting: if the light flashes red, clean the brush roll and check that the dust bin is
properly inserted. Do not use the vacuum on wet floors.""",
    ),
    (
        "user_manual",
        UNSEEN,
        """WARNING: Read all safety instructions before using this appliance.
To replace the filter, switch off the dehumidifier and unplug it. Slide out the water tank,
pull the filter frame upwards and rinse the filter under lukewarm water. Allow it to dry fully
before refitting. Error code E3: the humidity sensor is faulty, contact the service centre.""",
    ),
    (
        "user_manual",
        UNSEEN,
        """Setting the clock. Press MODE twice until the hour digits blink.
Use the UP and DOWN buttons to set the hour and press MODE to confirm. Repeat for the minutes.
To set an alarm, hold ALARM for two seconds. The watch is water resistant to 50 metres; do not
press the buttons under water.""",
    ),
    # legal-looking non-contracts
    (
        "privacy_policy",
        UNSEEN,
        """Privacy Policy. This policy explains how we collect, use and
share information when you use our app. We collect the information you give us, such as your
email address, and information collected automatically, such as device identifiers and usage
data. We use cookies to remember your preferences. You may request access to or deletion of
your data at any time by contacting our data protection officer. We retain data for as long as
your account is active.""",
    ),
    (
        "terms_of_service",
        UNSEEN,
        """Terms of Service. By accessing or using the website you agree
to be bound by these terms. You must be at least 16 years old to create an account. You are
responsible for keeping your password secure. We may suspend accounts that violate our community
guidelines. The service is provided as is, without warranty of any kind. We may change these
terms at any time; continued use means you accept the changes.""",
    ),
    (
        "statute",
        UNSEEN,
        """Section 12. Offences relating to dogs. (1) A person who is the owner
of a dog that is dangerously out of control in a public place is guilty of an offence. (2) A
person guilty of an offence under subsection (1) is liable on summary conviction to a fine not
exceeding level 5 on the standard scale. (3) In this section 'public place' means any street,
road or other place to which the public have access.""",
    ),
    (
        "statute",
        UNSEEN,
        """CHAPTER 4 - MOTOR VEHICLES. 4-101. Definitions. As used in this
chapter: (a) 'Highway' means the entire width between the boundary lines of every way publicly
maintained. (b) 'Operator' means every person who drives or is in actual physical control of a
motor vehicle. 4-102. Registration required. No person shall operate an unregistered vehicle.""",
    ),
    # press releases
    (
        "press_release",
        UNSEEN,
        """FOR IMMEDIATE RELEASE. City Zoo welcomes twin red panda cubs.
The City Zoo is delighted to announce the birth of twin red panda cubs, the first at the zoo in
a decade. Mother and cubs are doing well and will be on view to visitors from next month. The
zoo takes part in the European breeding programme for this endangered species. For media
enquiries contact the press office.""",
    ),
    (
        "press_release",
        UNSEEN,
        """PRESS RELEASE - The Riverside Arts Festival returns this summer
with over 60 free events, including open-air concerts, street theatre and a lantern parade.
The festival runs from 14 to 22 July. Organisers expect more than 40,000 visitors.""",
    ),
    (
        "press_release_earnings",
        "arguable:news_wire",
        """Acme Industries reports third quarter
results. Acme Industries Inc said on Tuesday its third-quarter net income rose 12 pct to 48.2
mln dlrs, or 1.05 dlrs per share, from 43.0 mln dlrs a year earlier. Revenue increased 8 pct to
612 mln dlrs. The company raised its full-year earnings guidance and declared a quarterly
dividend of 25 cts per share.""",
    ),
    # weather reports
    (
        "weather_report",
        UNSEEN,
        """Weather forecast for Tuesday: a band of rain will move east
across the region during the morning, clearing to sunny spells and scattered showers by the
afternoon. Maximum temperature 14C. Winds fresh southwesterly, strong near coasts. Tonight,
clear and chilly with a risk of frost in rural areas. Wednesday: dry and bright.""",
    ),
    (
        "weather_report",
        UNSEEN,
        """MARINE FORECAST. Sea areas Dover, Wight: southwest 5 to 7,
occasionally gale 8 later. Moderate or rough. Rain then showers. Good, occasionally poor.
Outlook: westerly 4 or 5, decreasing 3 later.""",
    ),
    (
        "weather_report",
        UNSEEN,
        """Heat advisory in effect from noon until 8 PM Saturday. Highs
near 102 with heat index values up to 110. Drink plenty of fluids, stay in an air-conditioned
room, stay out of the sun and check on relatives and neighbours.""",
    ),
    # sports reports
    (
        "sports_report",
        UNSEEN,
        """United came from behind to beat City 2-1 in a thrilling derby on
Saturday. City took the lead after 12 minutes through a deflected free kick, but a header from
the captain levelled the score before half-time and a late strike from the substitute sealed
the win. The result moves United up to third in the table, two points behind the leaders.""",
    ),
    (
        "sports_report",
        UNSEEN,
        """The home side won the toss and elected to bat. Their openers put
on 87 for the first wicket before the spinner struck twice in an over. A fighting half-century
from the number six lifted them to 264 all out. In reply the visitors closed the day on 41 for
2, needing another 224 to win.""",
    ),
    (
        "sports_report",
        UNSEEN,
        """Hamilton took pole position with a lap of 1:27.4, a tenth ahead of
his team-mate. Rain is forecast for Sunday's race, which could bring tyre strategy into play.""",
    ),
    # invoices / purchase orders
    (
        "invoice",
        "arguable:receipt",
        """INVOICE No. 2026-0418
Bill to: Greenleaf Landscaping Ltd, 14 Mill Lane
Date: 14/11/2026   Due: 14/12/2026
Description                  Qty   Unit price   Amount
Garden design consultation     1      250.00    250.00
Turf, rolls                   40        4.50    180.00
Labour, hours                 16       32.00    512.00
Subtotal 942.00  VAT 20% 188.40  TOTAL DUE 1,130.40
Payment by bank transfer within 30 days. Thank you for your business.""",
    ),
    (
        "purchase_order",
        "arguable:receipt",
        """PURCHASE ORDER PO-88213
Vendor: Northern Office Supplies. Ship to: Receiving dock B.
Item 001  A4 copier paper, 80gsm, box of 5 reams   qty 20   @ 21.90   438.00
Item 002  Black toner cartridge TN-2420            qty 6    @ 54.00   324.00
Item 003  Ballpoint pens, blue, pack of 50         qty 4    @ 7.25     29.00
Order total 791.00. Delivery required by 5 December. Quote PO number on all invoices.""",
    ),
    # bank statements
    (
        "bank_statement",
        UNSEEN,
        """ACCOUNT STATEMENT  Current account  Period 01/10/2026 - 31/10/2026
Date    Description                      Paid out   Paid in    Balance
01 Oct  Balance brought forward                                1,204.17
02 Oct  CARD PAYMENT SUPERMARKET           54.20                1,149.97
05 Oct  SALARY                                      2,310.00   3,459.97
07 Oct  DIRECT DEBIT COUNCIL TAX          142.00                3,317.97
15 Oct  STANDING ORDER RENT               950.00                2,367.97
28 Oct  CASH WITHDRAWAL ATM                60.00                2,307.97
31 Oct  Balance carried forward                                2,307.97""",
    ),
    (
        "bank_statement",
        UNSEEN,
        """Credit card statement. Statement date 22 November. Previous
balance 312.40. Payments received -312.40. New purchases 488.15. Interest 0.00. New balance
488.15. Minimum payment due 25.00 by 17 December. Transactions: 24 Oct online bookshop 23.99;
29 Oct petrol station 61.20; 3 Nov restaurant 87.50; 11 Nov airline tickets 315.46.""",
    ),
    # e-mails
    (
        "email",
        UNSEEN,
        """From: Jordan
To: Team
Subject: Friday drinks moved to Thursday

Hi all,

Quick one: because of the office move on Friday, drinks will be on Thursday from 5.30 at the
usual place. Partners welcome. Let me know if you have any dietary needs for the snacks.

Cheers,
Jordan""",
    ),
    (
        "email",
        UNSEEN,
        """Subject: Re: quote for kitchen fitting

Dear Mr Patel,
Thank you for your quick reply. We would like to go ahead with option B (oak worktops) and
would be grateful if the work could start in the second week of January. Could you confirm
whether the price includes removal of the old units?
Kind regards,
Helen""",
    ),
    (
        "email",
        UNSEEN,
        """Hey, are you still up for hiking on Saturday? Forecast looks good. I
was thinking the ridge trail, about 14 km, leaving at 8. I can drive. Bring snacks!""",
    ),
    # HR forms
    (
        "hr_form",
        UNSEEN,
        """ANNUAL LEAVE REQUEST FORM
Employee name: ____________________   Employee number: ________
Department: ______________   Line manager: __________________
Dates requested: from ___/___/_____ to ___/___/_____   Number of working days: ____
Type of leave: [ ] annual  [ ] unpaid  [ ] compassionate  [ ] study
Employee signature: ______________   Date: ________
Manager approval: [ ] approved  [ ] declined   Signature: ______________""",
    ),
    (
        "hr_form",
        UNSEEN,
        """New starter checklist. Before the first day: order laptop, create
email account, add to payroll, book induction. First week: health and safety briefing, IT
security training, meet the team, set objectives for the probation period. Probation review at
three months and six months.""",
    ),
    # cover letters and CVs
    (
        "cover_letter",
        UNSEEN,
        """Dear Hiring Manager,
I am writing to apply for the position of Marketing Coordinator advertised on your website. With
three years of experience managing social media campaigns for a retail brand, I have grown our
audience by 40% and organised events for up to 500 guests. I am organised, creative and a strong
communicator, and I would love to bring these skills to your team. I have attached my CV and
look forward to hearing from you.
Yours faithfully,
A. Candidate""",
    ),
    (
        "cv",
        UNSEEN,
        """CURRICULUM VITAE
Profile: Civil engineer with eight years of experience in bridge design and site supervision.
Experience: 2019-present Senior Engineer, Structural consultancy - led the design of three
footbridges; managed a team of five. 2015-2019 Graduate Engineer, Highways contractor.
Education: MEng Civil Engineering, first class honours.
Skills: AutoCAD, Revit, finite element analysis, project management. Languages: English,
Spanish. Interests: climbing, photography.""",
    ),
    (
        "cv",
        UNSEEN,
        """RESUME. Summary: Full-stack developer, 5 years. Skills: JavaScript,
TypeScript, React, Node.js, PostgreSQL, Docker, AWS. Experience: Software Engineer at an online
travel company (2021-2026): built the booking checkout used by 2 million users a month. Junior
Developer at a digital agency (2019-2021). Education: BSc Computer Science.""",
    ),
    # forms with blanks
    (
        "form",
        UNSEEN,
        """SCHOOL TRIP CONSENT FORM
I give permission for my child ______________________ (name) of class ______ to attend the trip
to the Science Museum on ___________. I enclose the payment of ______.
Medical conditions or allergies: ____________________________________________
Emergency contact telephone: ________________
Signed: ____________________ (parent/guardian)   Date: ___________""",
    ),
    (
        "form",
        UNSEEN,
        """Library membership application. Surname: ______ First name: ______
Address: _______________________ Postcode: ________ Email: ___________________
Membership type (tick one): [ ] adult [ ] junior [ ] concession
I agree to abide by the library rules. Signature ____________""",
    ),
    # non-English
    (
        "french",
        UNSEEN,
        """Bonjour à tous, la réunion des parents d'élèves aura lieu jeudi
prochain à dix-huit heures dans la salle polyvalente. Nous parlerons de la fête de fin d'année,
du voyage scolaire et de la cantine. Merci de confirmer votre présence auprès de la directrice.
Un goûter sera offert à la fin de la réunion.""",
    ),
    (
        "french",
        UNSEEN,
        """Préchauffez le four à 180 degrés. Dans un saladier, mélangez la farine,
le sucre et les oeufs, puis ajoutez le beurre fondu et le lait. Versez la pâte dans un moule
beurré et faites cuire pendant quarante minutes. Laissez refroidir avant de démouler.""",
    ),
    (
        "german",
        UNSEEN,
        """Sehr geehrte Damen und Herren, hiermit möchte ich mich über die
Verspätung meiner Bestellung beschweren. Die Lieferung war für den 3. Oktober angekündigt, ist
aber bis heute nicht eingetroffen. Ich bitte Sie, mir mitzuteilen, wann ich mit der Ware
rechnen kann. Mit freundlichen Grüßen""",
    ),
    (
        "german",
        UNSEEN,
        """Das Wetter morgen: Im Norden zunächst bewölkt mit einzelnen Schauern,
im Süden sonnig und trocken. Höchstwerte zwischen 12 und 17 Grad. In der Nacht klart es auf,
stellenweise bildet sich Nebel.""",
    ),
    (
        "spanish",
        UNSEEN,
        """El Ayuntamiento informa de que la piscina municipal abrirá sus puertas
el próximo 15 de junio. El horario será de lunes a domingo, de once de la mañana a nueve de la
noche. Los abonos de temporada pueden adquirirse en las oficinas municipales.""",
    ),
    (
        "spanish",
        UNSEEN,
        """Me encanta este libro. La historia es emocionante desde la primera
página y los personajes están muy bien construidos. Lo recomiendo a todos los que disfrutan de
las novelas de misterio.""",
    ),
    (
        "chinese",
        UNSEEN,
        """今天天气很好，我们一家人去公园散步。孩子们在草地上放风筝，爸爸妈妈坐在长椅上聊天。
中午我们在湖边吃了野餐，下午去动物园看了熊猫。大家都玩得很开心。""",
    ),
    (
        "chinese",
        UNSEEN,
        """本公司诚聘软件工程师两名，要求计算机相关专业本科以上学历，三年以上开发经验，
熟悉Java或Python，有良好的团队合作精神。有意者请将简历发送至人事部。""",
    ),
    # encyclopedia, textbook, guides, stories (general prose)
    (
        "encyclopedia",
        UNSEEN,
        """The red fox (Vulpes vulpes) is the largest of the true foxes and
one of the most widely distributed members of the order Carnivora, present across the entire
Northern Hemisphere. It is listed as least concern by the IUCN. Its range has increased
alongside human expansion, having been introduced to Australia, where it is considered harmful
to native mammals and bird populations. Red foxes are usually found in pairs or small groups
consisting of families.""",
    ),
    (
        "encyclopedia",
        UNSEEN,
        """The Eiffel Tower is a wrought-iron lattice tower on the Champ de
Mars in Paris, France. It is named after the engineer Gustave Eiffel, whose company designed and
built the tower from 1887 to 1889. Locally nicknamed the Iron Lady, it was constructed as the
centrepiece of the 1889 World's Fair. It is 330 metres tall and was the tallest man-made
structure in the world until the Chrysler Building in New York City was finished in 1930.""",
    ),
    (
        "encyclopedia",
        UNSEEN,
        """Photosynthesis is the process by which green plants, algae and
some bacteria convert light energy into chemical energy. Carbon dioxide and water are combined
to produce glucose and oxygen, a reaction driven by light absorbed by chlorophyll in the
chloroplasts. The light-dependent reactions take place in the thylakoid membranes, while the
Calvin cycle takes place in the stroma.""",
    ),
    (
        "textbook",
        UNSEEN,
        """Chapter 3: Linear equations. A linear equation in one variable can
be written in the form ax + b = 0, where a and b are real numbers and a is not zero. To solve it,
subtract b from both sides and divide by a. Example: solve 3x + 6 = 0. Subtracting 6 gives
3x = -6, so x = -2. Exercises: solve 5x - 10 = 0 and 2x + 7 = 15.""",
    ),
    (
        "textbook",
        UNSEEN,
        """Newton's second law states that the acceleration of an object is
directly proportional to the net force acting on it and inversely proportional to its mass.
In symbols, F = ma. A force of 10 newtons applied to a mass of 2 kilograms produces an
acceleration of 5 metres per second squared.""",
    ),
    (
        "childrens_story",
        UNSEEN,
        """Once upon a time there was a little rabbit called Pip who lived
at the bottom of a big green hill. Every morning Pip hopped to the top of the hill to watch the
sun come up. One day a clever crow landed beside him and said, "I know a place where the
carrots grow as tall as trees." Pip's ears shot up. "Show me!" he cried.""",
    ),
    (
        "childrens_story",
        UNSEEN,
        """The dragon who was afraid of the dark hid under his blanket every
night. His friend the firefly offered to sit on his nose and glow until he fell asleep. And
from that night on, the dragon was never afraid again. The end.""",
    ),
    (
        "blog_post",
        UNSEEN,
        """Ten things I learned from a year of working from home. 1. Get
dressed, it changes your mindset. 2. A proper chair is worth every penny. 3. Take a real lunch
break away from the screen. 4. Walk around the block before you start, a fake commute. 5.
Over-communicate with your team. I'd love to hear your own tips in the comments!""",
    ),
    (
        "blog_post",
        UNSEEN,
        """Our trip to the Scottish Highlands: we drove from Inverness along
Loch Ness, stopping at Urquhart Castle, then took the road to Skye. The weather changed every
ten minutes, the midges were fierce and the views were absolutely worth it. Day three was the
Old Man of Storr hike, about two hours up and down.""",
    ),
    (
        "travel_guide",
        UNSEEN,
        """Getting around: the old town is best explored on foot, and most
sights are within a 20-minute walk of the main square. Trams run every 8 minutes from 5am to
midnight; a 24-hour pass costs 6 euros. Don't miss the covered market on Saturday mornings or
the sunset from the castle walls. Where to eat: try the local dumplings at the riverside
taverns.""",
    ),
    (
        "faq",
        UNSEEN,
        """Frequently asked questions. How long does delivery take? Standard
delivery takes 3 to 5 working days. Can I return an item? Yes, you can return unused items
within 30 days for a full refund. Do you ship abroad? We ship to most European countries. How do
I track my order? You will receive a tracking link by email once your order has been
dispatched.""",
    ),
    (
        "faq",
        UNSEEN,
        """Q: Do I need to bring my own towel? A: Towels can be hired at reception.
Q: Are children allowed in the gym? A: Children under 16 may use the gym only with a parent.
Q: Can I freeze my membership? A: Yes, for up to three months a year.""",
    ),
    (
        "real_estate_listing",
        UNSEEN,
        """Charming three-bedroom Victorian terrace close to the park
and the station. Bright open-plan kitchen and dining room, original fireplaces, a landscaped
south-facing garden and a loft conversion with an en-suite. Offered chain free. Viewing highly
recommended.""",
    ),
    (
        "classified_ad",
        UNSEEN,
        """FOR SALE: child's bike, 20 inch wheels, good condition, blue,
stabilisers included. 40 or nearest offer. Collection only. Also: garden table and four chairs,
free to a good home.""",
    ),
    (
        "obituary",
        UNSEEN,
        """Margaret Ellen Hughes, 1938-2026. Margaret passed away peacefully at
home surrounded by her family. A retired primary school teacher, she loved gardening, choral
music and long walks with her dogs. She will be dearly missed by her three children and seven
grandchildren. The funeral will take place at St Mary's Church on Friday at 11am.""",
    ),
    (
        "horoscope",
        UNSEEN,
        """Aries (March 21 - April 19): a surprising message midweek opens a
door you thought was closed. Take your time before saying yes. Money matters look brighter
after the full moon, and a friend has good advice about a romantic dilemma.""",
    ),
    (
        "syllabus",
        UNSEEN,
        """Course syllabus: Introduction to Sociology. Week 1: what is
sociology? Week 2: culture and society. Week 3: socialisation. Week 4: groups and
organisations. Assessment: two essays (25% each), a group presentation (10%) and a final exam
(40%). Office hours: Tuesdays 2-4pm. Late submissions lose 5% per day.""",
    ),
    (
        "government_notice",
        UNSEEN,
        """PUBLIC NOTICE. Road closure: Station Road will be closed
between its junctions with Park Avenue and Church Street from 9 to 13 June for resurfacing
works. A signed diversion will be in place. Access for residents and emergency vehicles will be
maintained. We apologise for any inconvenience.""",
    ),
    (
        "government_notice",
        UNSEEN,
        """Bin collection changes over the holiday period: collections
due on Thursday 25 December will take place on Saturday 27 December. Please put your bins out
by 7am. Real Christmas trees can be recycled at the household waste centre until 15 January.""",
    ),
    (
        "movie_synopsis",
        UNSEEN,
        """In a near-future city where memories can be bought and sold, a
detective who has lost her own past takes on the case of a missing memory broker. As she
follows the trail through neon-lit markets, she discovers that the crime is tied to the day she
forgot. A tense, stylish thriller about identity and grief.""",
    ),
    (
        "book_review",
        UNSEEN,
        """The novel follows three generations of a fishing family on a small
island, and its quiet power lies in the details: the mending of nets, the arguments over the
weather, the silences at the dinner table. The middle section drags a little, but the ending is
devastating. One of the best debuts of the year.""",
    ),
    (
        "support_ticket",
        UNSEEN,
        """Ticket #48213. Priority: high. Summary: users cannot upload
files larger than 10 MB. Steps to reproduce: log in, open a project, drag a 12 MB PDF into the
upload area. Expected: the file uploads. Actual: spinner runs forever, console shows 413
Request Entity Too Large. Environment: production, Chrome 131.""",
    ),
    (
        "changelog",
        UNSEEN,
        """## 2.4.0 - 2026-11-02
### Added
- Dark mode for the settings page.
- Export to CSV from the reports view.
### Fixed
- Crash when the session expired during an upload.
- Wrong time zone in weekly digest emails.
### Changed
- Minimum supported Node version is now 20.""",
    ),
    (
        "readme",
        UNSEEN,
        """# tinyqueue
A small priority queue for JavaScript.
## Install
npm install tinyqueue
## Usage
const queue = new TinyQueue([7, 3, 5]);
queue.push(1);
queue.pop(); // 1
## License
ISC""",
    ),
    (
        "tax_instructions",
        UNSEEN,
        """How to fill in box 14: enter the total of any allowable
expenses you paid in the tax year that you have not been reimbursed for. Do not include the cost
of travel between home and your usual workplace. Keep your receipts for at least 22 months after
the end of the tax year in case we ask to see them.""",
    ),
    (
        "board_minutes",
        UNSEEN,
        """Minutes of the meeting of the Board of Directors. The Chief
Financial Officer presented the quarterly results: revenue of 12.4 million, up 6% on the prior
year, and an operating margin of 11%. The Board approved the interim dividend of 3 cents per
share and the capital expenditure budget for the new warehouse. The Audit Committee reported
no material findings.""",
    ),
    (
        "general_news",
        "arguable:news_wire",
        """The city council voted on Tuesday to approve a new
cycle lane network covering 40 kilometres of streets, despite objections from some business
owners. Work will begin in the spring and is expected to take two years. The mayor said the
plan would make streets safer and cut congestion.""",
    ),
    (
        "general_news",
        "arguable:news_wire",
        """Rescue teams searched through the night for two
hikers missing in the mountains after a sudden snowstorm. Police said the pair, both
experienced climbers, had set out on Sunday morning and failed to return. A helicopter joined
the search at first light.""",
    ),
    (
        "insurance_wording",
        "arguable:contract",
        """Section 2: what is covered. We will pay for
loss of or damage to your contents caused by fire, theft, escape of water or storm, up to the
sum insured shown in your schedule. What is not covered: the excess, wear and tear, damage
caused by pets, or loss when your home has been unoccupied for more than 60 days.""",
    ),
    # written after a first look at the probe: kinds near a known class's vocabulary
    (
        "clinical_research_abstract",
        UNSEEN,
        """BACKGROUND: Hypertension is a major risk factor for
cardiovascular disease. We assessed the effect of a low-sodium diet on blood pressure in adults
with stage 1 hypertension. METHODS: In this randomized controlled trial, 412 participants were
assigned to a low-sodium or usual diet for 12 weeks. The primary outcome was the change in
systolic blood pressure. RESULTS: Systolic blood pressure fell by 7.2 mm Hg in the low-sodium
group and by 2.1 mm Hg in the control group (P<0.001). Adverse events were rare. CONCLUSIONS: A
low-sodium diet lowered blood pressure in adults with stage 1 hypertension.""",
    ),
    (
        "encyclopedia_medical",
        UNSEEN,
        """Appendicitis is inflammation of the appendix. Symptoms
commonly include right lower abdominal pain, nausea, vomiting, and decreased appetite. However,
approximately 40% of people do not have these typical symptoms. Severe complications of a
ruptured appendix include widespread, painful inflammation of the inner lining of the abdominal
wall and sepsis. The standard treatment for acute appendicitis is surgical removal of the
appendix, either by an open incision in the abdomen or laparoscopically.""",
    ),
    (
        "movie_review",
        UNSEEN,
        """This movie was a complete waste of time. The plot made no sense,
the acting was wooden and the dialogue was laughable. I kept waiting for it to get better but
it never did. The only good thing was the soundtrack. Two out of ten, and that is being
generous. Avoid at all costs unless you want to fall asleep.""",
    ),
    (
        "general_news",
        "arguable:news_wire",
        """The government has announced plans to build
300,000 new homes a year in England, in an effort to tackle the housing shortage. Ministers said
the target would be met by releasing more land for development and speeding up planning
decisions. Opposition parties criticised the plans, saying they did not go far enough to
provide affordable housing for young families. Housing charities welcomed the announcement but
warned that more social housing was needed.""",
    ),
    (
        "email",
        UNSEEN,
        """Vince, I spoke with the trading desk this morning about the gas storage
model. They want to see the volatility assumptions before Friday's meeting. Can you send me the
latest spreadsheet and the summary of the backtesting results? Also, please remind the analyst
that the presentation for the risk committee is due next week. Thanks, Shirley""",
    ),
    (
        "sports_report",
        UNSEEN,
        """City moved three points clear at the top of the league with a
comfortable 3-0 win over Burnley. Their striker scored twice in the first half before a
substitute added a third after the break. Burnley, who have now lost five games in a row,
rarely threatened.""",
    ),
    (
        "science_abstract",
        UNSEEN,
        """We propose a novel transformer architecture for long-document
summarization that combines sparse attention with a hierarchical encoder. Experiments on three
benchmark datasets show that our model outperforms strong baselines by 2.1 ROUGE points while
using 40% less memory. We further analyze the learned attention patterns and find that the
model attends to section boundaries.""",
    ),
    (
        "statute",
        UNSEEN,
        """Section 1. Short title. This Act may be cited as the Clean Water
Improvement Act. Section 2. Definitions. In this Act: (1) the term 'Administrator' means the
Administrator of the Environmental Protection Agency; (2) the term 'State' means each of the
several States, the District of Columbia and each territory. Section 3. Grants. The
Administrator shall make grants to States for the purpose of improving wastewater
infrastructure. Section 4. Authorization of appropriations. There are authorized to be
appropriated such sums as may be necessary to carry out this Act.""",
    ),
    (
        "qa_post",
        UNSEEN,
        """I'm trying to parse a JSON file in Python but I keep getting a
JSONDecodeError: Expecting value: line 1 column 1. The file looks fine when I open it in a text
editor. Here is my code: with open('data.json') as f: data = json.load(f). What am I doing
wrong? Edit: it turns out the file had a BOM at the start; opening it with encoding='utf-8-sig'
fixed it.""",
    ),
    # arguable in-scope kinds
    (
        "lease",
        "arguable:contract",
        """RESIDENTIAL TENANCY AGREEMENT. This agreement is made between
the Landlord and the Tenant. 1. The Landlord lets the property to the Tenant for a term of
twelve months commencing on the start date. 2. The Tenant shall pay rent of 1,200 per month in
advance on the first day of each month. 3. The Tenant shall pay a deposit equal to five weeks'
rent, to be held in a government-approved scheme. 4. The Tenant shall keep the property in good
repair and shall not sublet without the Landlord's written consent. 5. Either party may
terminate this agreement by giving two months' written notice. IN WITNESS WHEREOF the parties
have signed this agreement on the date first written above.""",
    ),
    (
        "nda",
        "arguable:contract",
        """MUTUAL NON-DISCLOSURE AGREEMENT. The parties wish to explore
a business relationship and in connection therewith may disclose Confidential Information to
each other. Each party agrees to hold the other party's Confidential Information in strict
confidence and not to disclose it to any third party without prior written consent. This
Agreement shall be governed by the laws of the State of Delaware and shall remain in effect for
a period of three years from the Effective Date.""",
    ),
    (
        "shop_receipt",
        "arguable:receipt",
        """CORNER MART
123 HIGH STREET
TEL 555-0102
MILK 2L            1.89
BREAD WHOLEMEAL    2.10
BANANAS 1.02KG     1.12
TOTAL              5.11
CASH              10.00
CHANGE             4.89
THANK YOU COME AGAIN""",
    ),
    (
        "market_news",
        "arguable:news_wire",
        """Oil prices rose on Monday after OPEC members agreed
to extend output cuts into next year. Brent crude futures gained 1.20 dlrs to 84.35 dlrs a
barrel, while U.S. crude rose 95 cts. Analysts said the decision tightened supply expectations
ahead of the winter demand season.""",
    ),
    (
        "court_notice",
        "arguable:court_judgment",
        """IN THE HIGH COURT. The appellant challenges the
order of the trial court dismissing his suit for specific performance. Having heard learned
counsel for both sides and perused the record, we find no infirmity in the findings of the
courts below. The appeal is accordingly dismissed with no order as to costs.""",
    ),
    (
        "clinic_letter",
        "arguable:consult_note",
        """Dear Doctor, thank you for referring this
62-year-old gentleman with a six-month history of exertional chest pain. Examination was
unremarkable, blood pressure 148/90. ECG showed sinus rhythm. I have arranged an exercise
tolerance test and started aspirin and a statin. I will review him in clinic in six weeks.""",
    ),
]
