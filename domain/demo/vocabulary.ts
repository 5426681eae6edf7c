// Names, places and labels the demo customers are drawn from: Indian cities weighted by metro
// population, surnames that fit the region (with people who moved), and the tag vocabulary.

/** Broad regions; they pick plausible surnames and the regional language for a city. */
export type Region = 'north' | 'west' | 'south' | 'east';

/** A city customers live in, weighted roughly by metro population in millions. */
export interface City {
  name: string;
  weight: number;
  region: Region;
  /** ISO 639-1 code of the regional language. */
  language: string;
}

export const cities: readonly City[] = [
  { name: 'Delhi', weight: 29, region: 'north', language: 'hi' },
  { name: 'Mumbai', weight: 21, region: 'west', language: 'mr' },
  { name: 'Kolkata', weight: 15, region: 'east', language: 'bn' },
  { name: 'Bengaluru', weight: 13, region: 'south', language: 'kn' },
  { name: 'Chennai', weight: 11.5, region: 'south', language: 'ta' },
  { name: 'Hyderabad', weight: 10.5, region: 'south', language: 'te' },
  { name: 'Ahmedabad', weight: 8.5, region: 'west', language: 'gu' },
  { name: 'Pune', weight: 7, region: 'west', language: 'mr' },
  { name: 'Surat', weight: 7, region: 'west', language: 'gu' },
  { name: 'Jaipur', weight: 4, region: 'north', language: 'hi' },
  { name: 'Lucknow', weight: 3.8, region: 'north', language: 'hi' },
  { name: 'Kanpur', weight: 3.2, region: 'north', language: 'hi' },
  { name: 'Indore', weight: 3.2, region: 'north', language: 'hi' },
  { name: 'Nagpur', weight: 3, region: 'west', language: 'mr' },
  { name: 'Patna', weight: 2.5, region: 'east', language: 'hi' },
  { name: 'Bhopal', weight: 2.4, region: 'north', language: 'hi' },
  { name: 'Coimbatore', weight: 2.3, region: 'south', language: 'ta' },
  { name: 'Visakhapatnam', weight: 2.3, region: 'south', language: 'te' },
  { name: 'Kochi', weight: 2.2, region: 'south', language: 'ml' },
  { name: 'Chandigarh', weight: 1.2, region: 'north', language: 'pa' },
];

export const femaleFirstNames: readonly string[] = [
  'Priya', 'Ananya', 'Aditi', 'Kavya', 'Diya', 'Isha', 'Neha', 'Pooja', 'Sneha', 'Riya', 'Meera', 'Lakshmi',
  'Divya', 'Shreya', 'Anjali', 'Nisha', 'Aishwarya', 'Swati', 'Deepika', 'Tanvi', 'Radhika', 'Sunita', 'Kiran',
  'Pallavi', 'Nandini', 'Bhavna', 'Aarti', 'Rekha', 'Madhuri', 'Sakshi', 'Tanya', 'Ira', 'Saanvi', 'Gayatri',
];

export const maleFirstNames: readonly string[] = [
  'Rahul', 'Amit', 'Arjun', 'Rohan', 'Vikram', 'Aditya', 'Karan', 'Siddharth', 'Mohit', 'Suresh', 'Rajesh',
  'Vivek', 'Nikhil', 'Aarav', 'Vihaan', 'Ishaan', 'Kabir', 'Sanjay', 'Anil', 'Manoj', 'Pranav', 'Harsh', 'Varun',
  'Akash', 'Sandeep', 'Deepak', 'Abhishek', 'Ravi', 'Venkat', 'Karthik', 'Arnav', 'Dhruv', 'Yash', 'Sourav',
];

export const surnamesByRegion: Readonly<Record<Region, readonly string[]>> = {
  north: [
    'Sharma', 'Verma', 'Gupta', 'Agarwal', 'Singh', 'Chauhan', 'Mehra', 'Kapoor', 'Malhotra', 'Srivastava',
    'Mishra', 'Tiwari', 'Yadav', 'Saxena', 'Jain', 'Bansal', 'Sinha', 'Jha', 'Khanna', 'Arora',
  ],
  west: [
    'Patil', 'Deshmukh', 'Kulkarni', 'Joshi', 'Shinde', 'Pawar', 'Gokhale', 'Desai', 'Patel', 'Shah', 'Mehta',
    'Trivedi', 'Parmar', 'Bhatt', 'Jadhav',
  ],
  south: [
    'Iyer', 'Iyengar', 'Krishnan', 'Subramanian', 'Reddy', 'Rao', 'Naidu', 'Nair', 'Menon', 'Pillai', 'Gowda',
    'Hegde', 'Shetty', 'Raju', 'Varma', 'Kumar',
  ],
  east: ['Banerjee', 'Chatterjee', 'Mukherjee', 'Das', 'Ghosh', 'Bose', 'Sen', 'Dutta', 'Roy', 'Chakraborty', 'Mitra', 'Saha'],
};

/** Communities whose first names and surnames go together, with their rough share of customers. */
export interface NamingCommunity {
  share: number;
  female: readonly string[];
  male: readonly string[];
  /** Null: the regional surnames. */
  surnames: readonly string[] | null;
}

export const namingCommunities: readonly NamingCommunity[] = [
  { share: 0.82, female: femaleFirstNames, male: maleFirstNames, surnames: null },
  {
    share: 0.11,
    female: ['Fatima', 'Ayesha', 'Zara', 'Sana', 'Nazia', 'Rukhsar', 'Heena', 'Shabnam'],
    male: ['Imran', 'Faisal', 'Aamir', 'Irfan', 'Salman', 'Arif', 'Zaid', 'Ayaan'],
    surnames: ['Khan', 'Shaikh', 'Ansari', 'Siddiqui', 'Qureshi', 'Syed', 'Pathan', 'Mirza'],
  },
  {
    share: 0.04,
    female: ['Maria', 'Sharon', 'Anita', 'Jennifer', 'Reshma', 'Elizabeth'],
    male: ['Joseph', 'Thomas', 'Anthony', 'Jerome', 'Francis', 'Sebastian'],
    surnames: ["D'Souza", 'Fernandes', 'Pereira', 'Mathew', 'George', 'Rodrigues', 'Dsilva'],
  },
  {
    share: 0.03,
    female: ['Harpreet', 'Simran', 'Jasleen', 'Navneet', 'Gurleen'],
    male: ['Gurpreet', 'Manpreet', 'Harjeet', 'Jaspreet', 'Amardeep'],
    surnames: ['Singh', 'Gill', 'Sandhu', 'Dhillon', 'Grewal', 'Bedi'],
  },
];

/** Customer tags, in the order they are listed on a record. */
export const customerTags = ['newsletter', 'vip', 'app-user', 'student', 'corporate', 'returning'] as const;
export type CustomerTag = (typeof customerTags)[number];

/** Loyalty tiers, highest first. */
export const customerTiers = ['platinum', 'gold', 'silver', 'bronze'] as const;
export type CustomerTier = (typeof customerTiers)[number];

/** Channels a customer prefers to be reached on. */
export const preferredChannels = ['whatsapp', 'sms', 'email'] as const;
export type PreferredChannel = (typeof preferredChannels)[number];

/** Age bands, youngest first, with their share of customers. */
export const ageBands = [
  ['18-24', 0.22],
  ['25-34', 0.38],
  ['35-44', 0.22],
  ['45-54', 0.11],
  ['55+', 0.07],
] as const;
export type AgeBand = (typeof ageBands)[number][0];

/**
 * Mail domains reserved for documentation by RFC 2606, so no demo message can reach a real inbox.
 * (example.in is not reserved and may belong to someone.)
 */
export const demoEmailDomains = ['example.com', 'example.net', 'example.org'] as const;
