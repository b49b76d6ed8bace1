/** Animals with their plural, the usual name of their young and their class. */
export interface Animal {
  readonly name: string;
  readonly plural: string;
  readonly young: string;
  readonly group: 'mammal' | 'bird' | 'reptile' | 'amphibian' | 'fish' | 'insect';
}

export const ANIMALS: readonly Animal[] = [
  { name: 'dog', plural: 'dogs', young: 'puppy', group: 'mammal' },
  { name: 'cat', plural: 'cats', young: 'kitten', group: 'mammal' },
  { name: 'cow', plural: 'cows', young: 'calf', group: 'mammal' },
  { name: 'horse', plural: 'horses', young: 'foal', group: 'mammal' },
  { name: 'sheep', plural: 'sheep', young: 'lamb', group: 'mammal' },
  { name: 'goat', plural: 'goats', young: 'kid', group: 'mammal' },
  { name: 'pig', plural: 'pigs', young: 'piglet', group: 'mammal' },
  { name: 'deer', plural: 'deer', young: 'fawn', group: 'mammal' },
  { name: 'bear', plural: 'bears', young: 'cub', group: 'mammal' },
  { name: 'lion', plural: 'lions', young: 'cub', group: 'mammal' },
  { name: 'wolf', plural: 'wolves', young: 'pup', group: 'mammal' },
  { name: 'whale', plural: 'whales', young: 'calf', group: 'mammal' },
  { name: 'elephant', plural: 'elephants', young: 'calf', group: 'mammal' },
  { name: 'kangaroo', plural: 'kangaroos', young: 'joey', group: 'mammal' },
  { name: 'mouse', plural: 'mice', young: 'pup', group: 'mammal' },
  { name: 'seal', plural: 'seals', young: 'pup', group: 'mammal' },
  { name: 'duck', plural: 'ducks', young: 'duckling', group: 'bird' },
  { name: 'goose', plural: 'geese', young: 'gosling', group: 'bird' },
  { name: 'swan', plural: 'swans', young: 'cygnet', group: 'bird' },
  { name: 'owl', plural: 'owls', young: 'owlet', group: 'bird' },
  { name: 'eagle', plural: 'eagles', young: 'eaglet', group: 'bird' },
  { name: 'chicken', plural: 'chickens', young: 'chick', group: 'bird' },
  { name: 'frog', plural: 'frogs', young: 'tadpole', group: 'amphibian' },
  { name: 'toad', plural: 'toads', young: 'tadpole', group: 'amphibian' },
  { name: 'turtle', plural: 'turtles', young: 'hatchling', group: 'reptile' },
  { name: 'crocodile', plural: 'crocodiles', young: 'hatchling', group: 'reptile' },
  { name: 'snake', plural: 'snakes', young: 'hatchling', group: 'reptile' },
  { name: 'salmon', plural: 'salmon', young: 'fry', group: 'fish' },
  { name: 'butterfly', plural: 'butterflies', young: 'caterpillar', group: 'insect' },
  { name: 'fly', plural: 'flies', young: 'maggot', group: 'insect' },
];
