/** Random container names in Podman's (Docker's) adjective_surname style. */
import { randomIndex } from "../../util/random-id.ts";

const ADJECTIVES = [
  "admiring", "affectionate", "amazing", "angry", "awesome", "beautiful", "blissful", "bold", "brave", "busy",
  "charming", "clever", "compassionate", "competent", "condescending", "confident", "cool", "cranky", "crazy",
  "dazzling", "determined", "distracted", "dreamy", "eager", "ecstatic", "elastic", "elated", "elegant",
  "eloquent", "epic", "exciting", "fervent", "festive", "flamboyant", "focused", "friendly", "frosty", "funny",
  "gallant", "gifted", "goofy", "gracious", "great", "happy", "hardcore", "heuristic", "hopeful", "hungry",
  "infallible", "inspiring", "intelligent", "interesting", "jolly", "jovial", "keen", "kind", "laughing",
  "loving", "lucid", "magical", "modest", "musing", "mystifying", "naughty", "nervous", "nice", "nifty",
  "nostalgic", "objective", "optimistic", "peaceful", "pedantic", "pensive", "practical", "priceless", "quirky",
  "quizzical", "recursing", "relaxed", "reverent", "romantic", "sad", "serene", "sharp", "silly", "sleepy",
  "stoic", "strange", "stupefied", "suspicious", "sweet", "tender", "thirsty", "trusting", "unruffled",
  "upbeat", "vibrant", "vigilant", "vigorous", "wizardly", "wonderful", "xenodochial", "youthful", "zealous", "zen",
];

const SURNAMES = [
  "agnesi", "albattani", "allen", "almeida", "archimedes", "ardinghelli", "aryabhata", "austin", "babbage",
  "banach", "bardeen", "bartik", "bassi", "bell", "benz", "bhabha", "bhaskara", "blackwell", "bohr", "booth",
  "borg", "bose", "boyd", "brahmagupta", "brattain", "brown", "carson", "chandrasekhar", "clarke", "colden",
  "cori", "cray", "curie", "darwin", "davinci", "dijkstra", "dubinsky", "easley", "edison", "einstein",
  "elgamal", "elion", "engelbart", "euclid", "euler", "fermat", "fermi", "feynman", "franklin", "galileo",
  "gates", "goldberg", "goldstine", "goldwasser", "golick", "goodall", "hamilton", "hawking", "heisenberg",
  "hermann", "herschel", "hertz", "hodgkin", "hoover", "hopper", "hugle", "hypatia", "jackson", "jennings",
  "jepsen", "johnson", "joliot", "jones", "kalam", "kare", "keller", "kepler", "khorana", "kilby", "kirch",
  "knuth", "kowalevski", "lalande", "lamarr", "lamport", "leakey", "leavitt", "lewin", "lichterman",
  "liskov", "lovelace", "lumiere", "mahavira", "mayer", "mccarthy", "mcclintock", "mclean", "meitner",
  "mendel", "mendeleev", "minsky", "mirzakhani", "morse", "murdock", "napier", "nash", "neumann", "newton",
  "nobel", "noether", "northcutt", "noyce", "panini", "pare", "pasteur", "payne", "perlman", "pike",
  "poincare", "poitras", "ptolemy", "raman", "ramanujan", "ride", "ritchie", "roentgen", "rosalind",
  "saha", "sammet", "shannon", "shaw", "shockley", "sinoussi", "snyder", "spence", "stonebraker",
  "swanson", "swartz", "swirles", "tesla", "thompson", "torvalds", "turing", "varahamihira", "visvesvaraya",
  "volhard", "wescoff", "williams", "wilson", "wing", "wozniak", "wright", "yalow", "yonath",
];

export function randomContainerName(): string {
  return `${ADJECTIVES[randomIndex(ADJECTIVES.length)]}_${SURNAMES[randomIndex(SURNAMES.length)]}`;
}

const NAME_RE = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

export function isValidContainerName(name: string): boolean {
  return NAME_RE.test(name);
}
