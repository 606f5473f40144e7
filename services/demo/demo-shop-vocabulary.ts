// The demo shop's catalog vocabulary: categories with their nouns, adjectives, tags, price
// ranges and blurbs, and the names, countries and plans its end users draw from.

export interface CategorySpec {
  id: string;
  label: string;
  audience: string;
  nouns: string[];
  adjectives: string[];
  tags: string[];
  price: [number, number];
  blurb: string[];
}

export const CATEGORIES: CategorySpec[] = [
  {
    id: 'footwear',
    audience: 'long days on trails and hills',
    label: 'Footwear',
    nouns: ['Trail Runner', 'Hiking Boot', 'Approach Shoe', 'Sandal', 'Mid Boot', 'Winter Boot', 'Camp Slipper'],
    adjectives: ['Grippy', 'Featherlight', 'Waterproof', 'Cushioned', 'Rugged', 'Breathable'],
    tags: ['waterproof', 'vibram-sole', 'wide-fit', 'vegan', 'gore-tex', 'lightweight', 'recycled'],
    price: [45, 240],
    blurb: ['a sticky rubber outsole for wet rock', 'a cushioned midsole for long days on the trail', 'a roomy toe box and a secure heel', 'a waterproof membrane that still breathes'],
  },
  {
    id: 'jackets',
    audience: 'wet and windy days',
    label: 'Jackets',
    nouns: ['Rain Jacket', 'Down Jacket', 'Softshell', 'Fleece', 'Insulated Parka', 'Wind Shell', 'Hoodie'],
    adjectives: ['Stormproof', 'Packable', 'Warm', 'Stretch', 'Alpine', 'Everyday'],
    tags: ['waterproof', 'packable', 'insulated', 'recycled', 'hooded', 'windproof', 'pfc-free'],
    price: [39, 420],
    blurb: ['taped seams and a helmet-compatible hood', 'responsibly sourced 800-fill down', 'a stretch fabric that moves with you', 'a pocket it packs into'],
  },
  {
    id: 'backpacks',
    audience: 'day hikes and long treks',
    label: 'Backpacks',
    nouns: ['Daypack', 'Trekking Pack', 'Hydration Pack', 'Duffel', 'Travel Pack', 'Summit Pack'],
    adjectives: ['Ultralight', 'Roomy', 'Ventilated', 'Weatherproof', 'Minimalist', 'Expedition'],
    tags: ['hydration-ready', 'rain-cover', 'hip-belt', 'laptop-sleeve', 'ultralight', 'carry-on'],
    price: [29, 320],
    blurb: ['a ventilated back panel and an adjustable torso', 'a built-in rain cover', 'a padded hip belt with zip pockets', 'a sleeve for a 3-litre reservoir'],
  },
  {
    id: 'tents',
    audience: 'nights under the sky',
    label: 'Tents',
    nouns: ['Backpacking Tent', 'Family Tent', 'Bivy', 'Tarp', 'Dome Tent', 'Tunnel Tent'],
    adjectives: ['Freestanding', 'Four-Season', 'Ultralight', 'Spacious', 'Storm', 'Quick-Pitch'],
    tags: ['1-person', '2-person', '4-person', 'freestanding', 'four-season', 'ultralight'],
    price: [69, 760],
    blurb: ['colour-coded poles for a pitch in minutes', 'two doors and two vestibules', 'a silicone-coated flysheet', 'aluminium poles that shrug off wind'],
  },
  {
    id: 'sleeping',
    audience: 'a warm night outside',
    label: 'Sleeping',
    nouns: ['Sleeping Bag', 'Sleeping Mat', 'Camp Pillow', 'Quilt', 'Bag Liner', 'Self-Inflating Pad'],
    adjectives: ['Three-Season', 'Cosy', 'Compact', 'Insulated', 'Summer', 'Winter'],
    tags: ['down', 'synthetic', 'comfort-0c', 'comfort-minus-10c', 'compact', 'r-value-4'],
    price: [19, 520],
    blurb: ['a draft collar and a snag-free zip', 'an R-value for shoulder seasons', 'baffles that keep the fill where it belongs', 'a stuff sack the size of a water bottle'],
  },
  {
    id: 'climbing',
    audience: 'the crag and the gym',
    label: 'Climbing',
    nouns: ['Harness', 'Climbing Shoe', 'Chalk Bag', 'Rope', 'Helmet', 'Belay Device', 'Quickdraw Set'],
    adjectives: ['Sport', 'Trad', 'Bouldering', 'All-Round', 'Gym', 'Alpine'],
    tags: ['sport', 'trad', 'bouldering', 'uiaa-certified', 'beginner', 'dry-treated'],
    price: [15, 290],
    blurb: ['UIAA certified and tested in the Alps', 'a downturned last for steep routes', 'gear loops you can reach with gloves on', 'a dry treatment for icy pitches'],
  },
  {
    id: 'cycling',
    audience: 'commutes and gravel rides',
    label: 'Cycling',
    nouns: ['Bike Light', 'Saddle Bag', 'Cycling Jersey', 'Helmet', 'Mini Pump', 'Gloves', 'Multi-Tool'],
    adjectives: ['Commuter', 'Gravel', 'Road', 'Enduro', 'Reflective', 'Aero'],
    tags: ['usb-rechargeable', 'reflective', 'gravel', 'road', 'mtb', 'commuter'],
    price: [12, 210],
    blurb: ['a USB-C rechargeable battery', 'reflective details for dark commutes', 'a fit made for long gravel days', 'tools for every roadside fix'],
  },
  {
    id: 'camp-kitchen',
    audience: 'cooking in the wild',
    label: 'Camp kitchen',
    nouns: ['Stove', 'Cook Set', 'Mug', 'Water Filter', 'Spork', 'Coffee Press', 'Bottle'],
    adjectives: ['Titanium', 'Compact', 'Insulated', 'Backcountry', 'Family', 'Fast-Boil'],
    tags: ['titanium', 'bpa-free', 'dishwasher-safe', 'compact', 'fast-boil', 'filter'],
    price: [8, 180],
    blurb: ['boils half a litre in under three minutes', 'nests inside its own pot', 'filters 99.99% of bacteria', 'keeps coffee hot for six hours'],
  },
];

export const BRANDS = ['Northpeak', 'Fjellstad', 'Cairnline', 'Ridgeway', 'Alder & Ash', 'Tindra', 'Sierra Loom', 'Granite Bay', 'Kestrel', 'Moraine'];
export const MODELS = ['', ' 2', ' 3', ' Pro', ' Lite', ' GTX', ' Plus', ' X', ' Evo'];
export const COLOURS = ['slate', 'moss', 'ember', 'glacier', 'sand', 'black', 'ochre'];
export const FIRST = ['Ada', 'Ben', 'Chloé', 'Dev', 'Elena', 'Finn', 'Greta', 'Hugo', 'Imani', 'Jonas', 'Kai', 'Lena', 'Mateo', 'Nora', 'Omar', 'Priya', 'Quinn', 'Rosa', 'Sami', 'Tess', 'Uma', 'Viktor', 'Wen', 'Yara', 'Zoe'];
export const LAST = ['Andersen', 'Bauer', 'Costa', 'Dubois', 'Eriksen', 'Fischer', 'García', 'Haddad', 'Ito', 'Jensen', 'Kowalski', 'Laurent', 'Moreau', 'Nakamura', 'Okafor', 'Petrov', 'Rossi', 'Silva', 'Tanaka', 'Weber'];
export const COUNTRIES = ['DE', 'FR', 'NL', 'SE', 'ES', 'IT', 'GB', 'AT', 'CH', 'NO'];
export const PLANS = ['guest', 'member', 'member', 'member', 'plus'];
